"""The moderation rules when the cache fails: the database alone decides, nothing is lost."""

import hashlib

import pytest

from comments import moderation
from comments.moderation import Reason
from tests.comments.test_moderation import create
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_cache(settings, redis_down):
    settings.COMMENTS_FLOOD_SECONDS = 60


def test_a_first_comment_is_not_flagged_when_the_cache_is_down(dead_cache):
    """A cache that answers nothing does not count as 'someone already claimed this'."""
    comment = create(body="Premier avis pendant la panne.")
    assert comment.flag_reasons == []


def test_flood_and_duplicate_are_still_caught_through_the_database(dead_cache):
    article = make_article()
    create(article, body="Le même avis.")
    second = create(article, body="Le même avis.")
    assert {Reason.FLOOD_IP, Reason.FLOOD_EMAIL, Reason.DUPLICATE} <= set(second.flag_reasons)


def test_flood_keys_are_a_keyed_hash_of_the_address_not_a_plain_one(settings):
    """Anyone can SHA-256 a list of addresses; without SECRET_KEY nobody can recompute these."""
    email = "camille@example.net"
    key = moderation._digest(email)
    assert key != hashlib.sha256(email.encode()).hexdigest()
    settings.SECRET_KEY = "another-secret-key-entirely-0123456789-abcdefghijklmnop"
    assert moderation._digest(email) != key
