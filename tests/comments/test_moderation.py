"""Moderation rules (comments/moderation.py), each with a firing and a quiet case."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import moderation
from comments.models import BlocklistEntry, Comment
from comments.moderation import Reason, Submission
from comments.services import CommentsClosed, InvalidParent, comment_create
from tests.corpus import load
from tests.factories import approve, make_article, make_comment

pytestmark = pytest.mark.django_db


def submission(article=None, **fields):
    article = article or make_article()
    values = {
        "article_id": article.pk,
        "author_name": "Camille",
        "author_email": "camille@example.net",
        "body": "Un commentaire ordinaire.",
        "author_url": "",
        "ip_address": "203.0.113.7",
        "honeypot": "",
        "seconds_to_submit": 60.0,
    }
    values.update(fields)
    return Submission(**values)


def create(article=None, **fields):
    values = {
        "article": article or make_article(),
        "parent": None,
        "author_name": "Camille",
        "author_email": "camille@example.net",
        "body": "Un commentaire ordinaire.",
        "ip_address": "203.0.113.7",
        "seconds_to_submit": 60.0,
    }
    values.update(fields)
    return comment_create(**values)


def test_an_ordinary_comment_is_pending_without_reasons():
    verdict = moderation.moderate(submission())
    assert verdict.status == Comment.Status.PENDING
    assert verdict.reasons == []


def test_honeypot_filled_is_spam():
    verdict = moderation.moderate(submission(honeypot="https://spam.example"))
    assert verdict.status == Comment.Status.SPAM
    assert Reason.HONEYPOT in verdict.reasons


def test_honeypot_empty_is_not_flagged():
    assert Reason.HONEYPOT not in moderation.moderate(submission(honeypot="  ")).reasons


@pytest.mark.parametrize(
    ("seconds", "flagged"), [(0.5, True), (2.9, True), (3.0, False), (None, False)]
)
def test_form_sent_too_fast_is_flagged_but_stays_pending(settings, seconds, flagged):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3
    verdict = moderation.moderate(submission(seconds_to_submit=seconds))
    assert (Reason.TOO_FAST in verdict.reasons) is flagged
    assert verdict.status == Comment.Status.PENDING


def test_same_ip_within_the_flood_window_is_flagged(settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    create(ip_address="198.51.100.1", author_email="a@example.net")
    comment = create(ip_address="198.51.100.1", author_email="b@example.net", body="autre")
    assert Reason.FLOOD_IP in comment.flag_reasons
    assert Reason.FLOOD_EMAIL not in comment.flag_reasons


def test_same_email_within_the_flood_window_is_flagged(settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    create(ip_address="198.51.100.1", author_email="Same@example.net")
    comment = create(ip_address="198.51.100.2", author_email="same@example.net", body="autre")
    assert Reason.FLOOD_EMAIL in comment.flag_reasons
    assert Reason.FLOOD_IP not in comment.flag_reasons


def test_flood_is_seen_through_the_database_by_every_process(settings):
    """A comment stored by another server process (no shared cache here) still counts."""
    from django.core.cache import cache

    settings.COMMENTS_FLOOD_SECONDS = 15
    create(ip_address="198.51.100.1", author_email="a@example.net")
    cache.clear()
    comment = create(ip_address="198.51.100.1", author_email="a@example.net", body="autre")
    assert {Reason.FLOOD_IP, Reason.FLOOD_EMAIL} <= set(comment.flag_reasons)


def test_posts_outside_the_flood_window_are_not_flagged(settings):
    from django.core.cache import cache

    settings.COMMENTS_FLOOD_SECONDS = 15
    first = create(ip_address="198.51.100.1", author_email="a@example.net")
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(seconds=16))
    cache.clear()  # the shared cache key expires with the window
    comment = create(ip_address="198.51.100.1", author_email="a@example.net", body="autre")
    assert Reason.FLOOD_IP not in comment.flag_reasons
    assert Reason.FLOOD_EMAIL not in comment.flag_reasons


def test_flood_control_can_be_switched_off(settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    create(ip_address="198.51.100.1")
    comment = create(ip_address="198.51.100.1", body="autre")
    assert Reason.FLOOD_IP not in comment.flag_reasons


def test_duplicate_by_the_same_author_on_the_same_article_is_flagged():
    article = make_article()
    create(article, body="Exactement  le même\ntexte.")
    comment = create(article, body="Exactement le même texte.")
    assert Reason.DUPLICATE in comment.flag_reasons


@pytest.mark.parametrize("change", ["other_author", "other_article", "other_text"])
def test_not_a_duplicate_when_author_article_or_text_differ(change):
    article = make_article()
    create(article, body="Le même texte.")
    if change == "other_author":
        comment = create(article, body="Le même texte.", author_email="autre@example.net")
    elif change == "other_article":
        comment = create(make_article(), body="Le même texte.")
    else:
        comment = create(article, body="Un autre texte.")
    assert Reason.DUPLICATE not in comment.flag_reasons


@pytest.mark.parametrize(("links", "flagged"), [(3, False), (4, True)])
def test_more_links_than_allowed_is_flagged(settings, links, flagged):
    settings.COMMENTS_MAX_LINKS = 3
    body = " ".join(f"https://site{i}.com/" for i in range(links))
    assert (Reason.TOO_MANY_LINKS in moderation.moderate(submission(body=body)).reasons) is flagged


@pytest.mark.parametrize(
    "fields",
    [
        {"body": "Achetez du VIAGRA ici"},
        {"author_name": "Casino en ligne"},
        {"author_url": "https://crypto-gratuit.example/", "body": "crypto gratuit !"},
    ],
)
def test_words_from_the_settings_blocklist_make_spam(settings, fields):
    settings.COMMENTS_BLOCKLIST = ["viagra", "casino en ligne", "crypto gratuit"]
    verdict = moderation.moderate(submission(**fields))
    assert verdict.status == Comment.Status.SPAM
    assert Reason.BLOCKLIST_WORD in verdict.reasons


def test_text_without_blocked_words_is_not_spam(settings):
    settings.COMMENTS_BLOCKLIST = ["viagra"]
    assert moderation.moderate(submission(body="Un avis sur la politique.")).status == "pending"


@pytest.mark.parametrize(
    ("kind", "value", "fields", "reason"),
    [
        ("word", "Promo Spéciale", {"body": "une promo spéciale !"}, Reason.BLOCKLIST_WORD),
        (
            "email",
            "Spammer@Example.net",
            {"author_email": "spammer@example.net"},
            Reason.BLOCKLIST_EMAIL,
        ),
        ("email", "@spam.example", {"author_email": "x@spam.example"}, Reason.BLOCKLIST_EMAIL),
        ("ip", "192.0.2.9", {"ip_address": "192.0.2.9"}, Reason.BLOCKLIST_IP),
        ("ip", "192.0.2.0/24", {"ip_address": "192.0.2.200"}, Reason.BLOCKLIST_IP),
    ],
)
def test_blocklist_rows_added_by_moderators_make_spam(kind, value, fields, reason):
    BlocklistEntry.objects.create(kind=kind, value=value)
    verdict = moderation.moderate(submission(**fields))
    assert verdict.status == Comment.Status.SPAM
    assert reason in verdict.reasons


def test_blocklist_rows_do_not_catch_others():
    BlocklistEntry.objects.create(kind="email", value="spammer@example.net")
    BlocklistEntry.objects.create(kind="ip", value="192.0.2.9")
    verdict = moderation.moderate(
        submission(author_email="ok@example.net", ip_address="192.0.2.10")
    )
    assert verdict.status == Comment.Status.PENDING


def test_settings_blocklist_entries_can_be_addresses_too(settings):
    settings.COMMENTS_BLOCKLIST = ["bad@example.net", "10.0.0.0/8"]
    verdict = moderation.moderate(submission(author_email="bad@example.net", ip_address="10.1.2.3"))
    assert {Reason.BLOCKLIST_EMAIL, Reason.BLOCKLIST_IP} <= set(verdict.reasons)


# -- the service: never approved, refused when closed, atomic ----------------------------


def test_service_never_creates_an_approved_comment():
    comment = create()
    assert comment.status == Comment.Status.PENDING
    assert not Comment.objects.approved().exists()


def test_service_refuses_a_closed_article_and_stores_nothing():
    with pytest.raises(CommentsClosed):
        create(make_article(comments_open=False))
    assert Comment.objects.count() == 0


def test_service_refuses_a_parent_rejected_since_the_form_was_shown():
    article = make_article()
    parent = make_comment(article=article, status="rejected")
    with pytest.raises(InvalidParent):
        create(article, parent=parent)
    assert Comment.objects.count() == 1


def test_service_refuses_a_parent_from_another_article():
    parent = make_comment()
    approve(parent)
    with pytest.raises(InvalidParent):
        create(make_article(), parent=parent)
    assert Comment.objects.count() == 1


def test_service_stores_the_reasons_and_history_note():
    comment = create(honeypot="rempli")
    assert comment.status == Comment.Status.SPAM
    assert comment.flag_reasons == [Reason.HONEYPOT]
    event = comment.moderation_events.get()
    assert (event.to_status, event.note) == ("spam", "honeypot")


def test_reasons_have_readable_labels():
    from django.utils import translation

    with translation.override("fr"):
        assert str(moderation.reason_label(Reason.TOO_MANY_LINKS)) == "Trop de liens"
    assert moderation.reason_label("unknown_code") == "unknown_code"


@pytest.mark.parametrize(
    ("days_old", "close_after", "is_open"),
    [(10, 30, True), (31, 30, False), (400, 0, True)],
)
def test_comments_close_after_the_configured_number_of_days(
    settings, days_old, close_after, is_open
):
    settings.COMMENTS_CLOSE_AFTER_DAYS = close_after
    article = make_article(published_at=timezone.now() - timedelta(days=days_old))
    assert moderation.comments_are_open(article) is is_open


@pytest.mark.parametrize("variant", load("blocklist_variants.txt"), ids=ascii)
def test_blocklisted_word_matches_through_the_usual_disguises(variant, settings):
    """The issue's four tricks and their kin: all spam for a blocklist holding "viagra"."""
    settings.COMMENTS_BLOCKLIST = ["viagra"]
    verdict = moderation.moderate(submission(body=f"Achetez du {variant} ici."))
    assert Reason.BLOCKLIST_WORD in verdict.reasons
    assert verdict.is_spam


def test_a_disguised_entry_added_by_a_moderator_matches_the_plain_word(settings):
    settings.COMMENTS_BLOCKLIST = []
    casino = "\uff43\uff41\uff53\uff49\uff4e\uff4f"  # fullwidth
    BlocklistEntry.objects.create(kind=BlocklistEntry.Kind.WORD, value=f"{casino} en ligne")
    verdict = moderation.moderate(submission(body="Le meilleur Casino en\u00a0ligne !"))
    assert Reason.BLOCKLIST_WORD in verdict.reasons


def test_the_disguise_in_the_name_is_matched_too(settings):
    settings.COMMENTS_BLOCKLIST = ["viagra"]
    verdict = moderation.moderate(submission(author_name="V\u0456\u200bagra Shop"))
    assert Reason.BLOCKLIST_WORD in verdict.reasons


def test_a_word_that_only_resembles_a_blocked_one_is_not_matched(settings):
    settings.COMMENTS_BLOCKLIST = ["viagra"]
    verdict = moderation.moderate(submission(body="Via Grande, à Livourne."))
    assert Reason.BLOCKLIST_WORD not in verdict.reasons
