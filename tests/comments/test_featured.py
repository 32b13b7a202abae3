"""Editors' picks ("Choix de la rédaction"): moderators feature approved comments in one click."""

import pytest
from django.urls import reverse

from comments import review, services
from comments.models import Comment
from tests.factories import make_comment
from tests.html import by_id, parse, text

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


def test_editors_picks_head_the_thread_with_a_badge_and_the_cache_follows(client, moderator):
    """Featured comments are listed first, above the thread, on the first comments page."""
    first = make_comment(status=Status.APPROVED, body="Un premier avis ordinaire.")
    article = first.article
    pick = make_comment(article=article, status=Status.APPROVED, body="Un avis remarquable.")
    url = article.get_absolute_url()
    assert "Choix de la rédaction" not in client.get(url).text  # cached now

    review.set_featured(comment=pick, featured=True)
    document = parse(client.get(url).text)
    picks = document.find(".//section[@class='comments__featured']")
    assert picks is not None
    assert " ".join(text(picks).split()).count("Un avis remarquable.") == 1
    thread = by_id(document, "comments")
    order = [element.get("id") for element in thread.iter("li")]
    assert order.index(f"featured-{pick.pk}") < order.index(f"comment-{first.pk}")
    badge = by_id(document, f"comment-{pick.pk}").find(
        ".//span[@class='comment__badge comment__badge--featured']"
    )
    assert badge is not None

    review.set_featured(comment=pick, featured=False)
    assert "Choix de la rédaction" not in client.get(url).text


def test_a_pick_from_a_later_page_heads_the_first_page_only(client, settings):
    """The picks are the article's, whatever page their place in the thread is on."""
    settings.COMMENTS_PER_PAGE = 1
    first = make_comment(status=Status.APPROVED, body="Sur la première page.")
    article = first.article
    pick = make_comment(article=article, status=Status.APPROVED, body="Sur la deuxième page.")
    review.set_featured(comment=pick, featured=True)
    url = article.get_absolute_url()

    first_page = parse(client.get(url).text)
    picks = first_page.find(".//section[@class='comments__featured']")
    assert "Sur la deuxième page." in text(picks)
    assert first_page.find(f".//*[@id='comment-{pick.pk}']") is None
    second_page = parse(client.get(url, {"page": 2}).text)
    assert second_page.find(".//section[@class='comments__featured']") is None
    assert "Sur la deuxième page." in text(by_id(second_page, f"comment-{pick.pk}"))


def test_a_staff_reply_carries_the_newsroom_badge(client, moderator):
    parent = make_comment(status=Status.APPROVED)
    reply = services.comment_staff_reply(parent=parent, author=moderator, body="Réponse.")
    ordinary = make_comment(article=parent.article, parent=parent, status=Status.APPROVED)
    document = parse(client.get(parent.article.get_absolute_url()).text)
    badge_of = lambda pk: [  # noqa: E731
        " ".join(text(span).split())
        for span in by_id(document, f"comment-{pk}").find(".//header").iter("span")
        if "comment__badge--staff" in (span.get("class") or "")
    ]
    assert badge_of(reply.pk) == ["Rédaction"]
    assert badge_of(ordinary.pk) == []
