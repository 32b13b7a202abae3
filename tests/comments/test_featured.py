"""Editors' picks ("Choix de la rédaction"): moderators feature approved comments in one click."""

import pytest
from django.urls import reverse

from comments import review
from comments.models import Comment
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

Status = Comment.Status


def feature_url(comment):
    return reverse("admin:comments_comment_feature", args=[comment.pk])


def test_featuring_and_unfeaturing_is_one_click_each(moderator_client):
    comment = make_comment(status=Status.APPROVED, author_name="Océane Petit")
    response = moderator_client.post(feature_url(comment), {"featured": "1"}, follow=True)
    comment.refresh_from_db()
    assert comment.is_featured
    assert "désormais choix de la rédaction" in response.text
    moderator_client.post(feature_url(comment), {"featured": "0"})
    comment.refresh_from_db()
    assert not comment.is_featured


@pytest.mark.parametrize("status", [Status.PENDING, Status.REJECTED, Status.SPAM])
def test_only_approved_comments_can_be_featured(moderator_client, moderator, status):
    comment = make_comment(status=status)
    response = moderator_client.post(feature_url(comment), {"featured": "1"}, follow=True)
    assert "Seul un commentaire approuvé peut être un choix de la rédaction." in response.text
    comment.refresh_from_db()
    assert not comment.is_featured
    with pytest.raises(ValueError, match="approved"):
        review.set_featured(comment=comment, featured=True)


def test_the_list_offers_the_pick_button_on_approved_rows_only(moderator_client):
    approved = make_comment(status=Status.APPROVED)
    pending = make_comment()
    page = moderator_client.get(reverse("admin:comments_comment_changelist") + "?status=all").text
    assert f'formaction="{feature_url(approved)}"' in page
    assert f'formaction="{feature_url(pending)}"' not in page


def test_feature_is_post_only(moderator_client):
    comment = make_comment(status=Status.APPROVED)
    assert moderator_client.get(feature_url(comment), {"featured": "1"}).status_code == 405
    comment.refresh_from_db()
    assert not comment.is_featured
