"""The public comment section: threaded, oldest first, safe author links, replies without JS."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.models import Comment
from tests.factories import make_article, make_comment
from tests.helpers import whole_form_page
from tests.html import by_id, field, next_comment_page, parse, text

pytestmark = pytest.mark.django_db


def approved(article, **fields):
    return make_comment(article=article, status=Comment.Status.APPROVED, **fields)


def comment_ids(document):
    return [
        int(el.get("id").removeprefix("comment-"))
        for el in document.iter("li")
        if el.get("id", "").startswith("comment-")
    ]


def test_approved_comments_are_shown_oldest_first(client):
    article = make_article()
    newer = approved(article, body="plus récent")
    older = approved(article, body="plus ancien")
    Comment.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=2))
    document = parse(client.get(article.get_absolute_url()).text)
    assert comment_ids(document) == [older.pk, newer.pk]


@pytest.mark.parametrize("status", ["pending", "rejected", "spam"])
def test_comments_not_approved_are_not_shown(client, status):
    article = make_article()
    make_comment(article=article, status=status, body="caché")
    page = client.get(article.get_absolute_url()).text
    assert "caché" not in page


def test_replies_are_nested_under_their_parent(client):
    article = make_article()
    parent = approved(article)
    reply = approved(article, parent=parent)
    document = parse(client.get(article.get_absolute_url()).text)
    parent_item = by_id(document, f"comment-{parent.pk}")
    nested = [el.get("id") for el in parent_item.iter("li")]
    assert f"comment-{reply.pk}" in nested


def test_reply_links_stop_at_the_maximum_depth(client, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    article = make_article()
    first = approved(article)
    second = approved(article, parent=first)
    third = approved(article, parent=second)
    document = parse(client.get(article.get_absolute_url()).text)

    def reply_links(comment):
        item = by_id(document, f"comment-{comment.pk}")
        inner = next(el for el in item if el.tag == "article")
        return [b for b in inner.iter("button") if b.get("data-reply-to")]

    assert reply_links(first)
    assert reply_links(second)
    assert not reply_links(third)


def test_deeper_data_is_shown_at_the_maximum_depth(client, settings):
    """Replies nested deeper than the setting (older data, admin edits) are flattened, not lost."""
    settings.COMMENTS_MAX_DEPTH = 2
    article = make_article()
    first = approved(article)
    second = approved(article, parent=first)
    third = approved(article, parent=second)
    document = parse(client.get(article.get_absolute_url()).text)
    assert "comment--depth-2" in by_id(document, f"comment-{third.pk}").get("class")
    assert third.pk in comment_ids(document)


def test_reply_to_a_comment_no_longer_visible_is_shown_at_top_level(client):
    article = make_article()
    parent = make_comment(article=article, status="rejected")
    orphan = approved(article, parent=parent, body="réponse orpheline")
    document = parse(client.get(article.get_absolute_url()).text)
    assert "comment--depth-1" in by_id(document, f"comment-{orphan.pk}").get("class")


def test_no_reply_link_under_an_orphan_already_at_the_maximum_depth(client, settings):
    """Shown at the top level, a reply whose parent was removed is as deep as it really is."""
    settings.COMMENTS_MAX_DEPTH = 3
    article = make_article()
    first = approved(article)
    second = make_comment(article=article, parent=first, status="rejected")
    deep_orphan = approved(article, parent=second, body="orpheline au fond")
    shallow_orphan = approved(article, parent=make_comment(article=article, status="rejected"))
    document = parse(client.get(article.get_absolute_url()).text)

    def reply_links(comment):
        item = by_id(document, f"comment-{comment.pk}")
        inner = next(el for el in item if el.tag == "article")
        return [b for b in inner.iter("button") if b.get("data-reply-to")]

    assert "comment--depth-1" in by_id(document, f"comment-{deep_orphan.pk}").get("class")
    assert not reply_links(deep_orphan)
    assert reply_links(shallow_orphan)
    # The rules agree: a reply there would be refused, one under the shallow one accepted.
    assert not moderation.can_reply_to(Comment.objects.get(pk=deep_orphan.pk))
    assert moderation.can_reply_to(Comment.objects.get(pk=shallow_orphan.pk))


def test_reply_button_works_without_javascript(client):
    """A small POST form: the form endpoint makes the code, then opens the form replying to it."""
    article = make_article()
    parent = approved(article, author_name="Zoé")
    document = parse(client.get(article.get_absolute_url()).text)
    button = next(b for b in document.iter("button") if b.get("data-reply-to") == str(parent.pk))
    assert text(button) == "Répondre"
    assert button.get("aria-label") == "Répondre à Zoé"
    form = next(f for f in document.iter("form") if button in f.iter("button"))
    assert form.get("method") == "post"
    assert form.get("action") == reverse("comments:form_fresh", kwargs={"slug": article.slug})
    fields = {i.get("name"): i.get("value") for i in form.iter("input")}
    assert fields == {"repondre": str(parent.pk)}
    document = parse(whole_form_page(client, article, **fields).text)
    assert field(document, "parent").get("value") == str(parent.pk)
    assert field(document, "captcha_1") is not None
    assert "Réponse à Zoé." in text(by_id(document, "respond"))


@pytest.mark.parametrize("value", ["abc", "-3", "999999", "", "²", "1" * 40])
def test_unusable_reply_parameter_is_ignored(client, value):
    article = make_article()
    document = parse(client.get(article.get_absolute_url(), {"repondre": value}).text)
    assert field(document, "parent").get("value") is None


def test_reply_parameter_cannot_target_a_pending_comment(client):
    article = make_article()
    pending = make_comment(article=article)
    document = parse(client.get(article.get_absolute_url(), {"repondre": pending.pk}).text)
    assert field(document, "parent").get("value") is None


def test_author_name_links_to_their_website_with_nofollow_ugc(client):
    article = make_article()
    comment = approved(article, author_name="Zoé", author_url="https://zoe.example.org/")
    document = parse(client.get(article.get_absolute_url()).text)
    author = by_id(document, f"comment-{comment.pk}-author")
    link = author.find("a")
    assert link.get("href") == "https://zoe.example.org/"
    assert link.get("rel") == "nofollow ugc"
    assert text(link) == "Zoé"


def test_author_without_website_is_plain_text(client):
    article = make_article()
    comment = approved(article, author_name="Zoé")
    document = parse(client.get(article.get_absolute_url()).text)
    assert by_id(document, f"comment-{comment.pk}-author").find("a") is None


def test_a_non_http_website_stored_by_other_means_is_not_linked(client):
    """Defence behind the form: even a bad stored URL never becomes a link."""
    article = make_article()
    comment = approved(article, author_url="https://ok.example/")
    Comment.objects.filter(pk=comment.pk).update(author_url="javascript:alert(1)")
    document = parse(client.get(article.get_absolute_url()).text)
    assert by_id(document, f"comment-{comment.pk}-author").find("a") is None


def test_each_comment_has_a_permalink_and_a_localised_date(client):
    article = make_article()
    comment = approved(article)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2026, 3, 14, 9, 5))
    )
    document = parse(client.get(article.get_absolute_url()).text)
    item = by_id(document, f"comment-{comment.pk}")
    permalink = next(a for a in item.iter("a") if a.get("class") == "comment__permalink")
    assert permalink.get("href") == f"#comment-{comment.pk}"
    assert text(permalink) == "14 mars 2026 09:05"
    assert permalink.find("time").get("datetime").startswith("2026-03-14T09:05")


def test_avatar_shows_initials_and_never_an_email_hash(client):
    article = make_article()
    comment = approved(article, author_name="Jeanne d'Arc", author_email="jeanne@example.org")
    page = client.get(article.get_absolute_url()).text
    document = parse(page)
    avatar = next(
        el
        for el in by_id(document, f"comment-{comment.pk}").iter("span")
        if "avatar" in el.get("class", "").split()
    )
    assert text(avatar) == "JD"
    assert avatar.get("aria-hidden") == "true"
    assert "gravatar" not in page.lower()


def test_section_shows_the_number_of_approved_comments(client):
    article = make_article()
    approved(article)
    approved(article)
    make_comment(article=article)  # pending: not counted
    document = parse(client.get(article.get_absolute_url()).text)
    assert text(by_id(document, "comments-title")) == "2 commentaires"


def test_section_says_zero_comments_in_french(client):
    document = parse(client.get(make_article().get_absolute_url()).text)
    assert text(by_id(document, "comments-title")) == "0 commentaire"


def test_reply_links_are_hidden_when_comments_are_closed(client):
    article = make_article(comments_open=False)
    approved(article, body="ancien avis")
    page = client.get(article.get_absolute_url()).text
    assert "ancien avis" in page
    assert "data-reply-to" not in page


def build_thread(article, count):
    parents = []
    for index in range(count):
        parent = parents[index % len(parents)] if parents and index % 3 else None
        parents.append(approved(article, parent=parent))


@pytest.mark.parametrize("count", [10, 300])
def test_article_page_queries_do_not_grow_with_comments(
    client, settings, django_assert_max_num_queries, count
):
    """10 or 300 comments cost the same on every comment page, and every comment is shown.

    The thread's ids in one query, the rows of the page shown in one more. The page
    cache is off so that each request is rendered, as it is for the reader who fills
    the cache (a cached copy costs no query at all).
    """
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article()
    build_thread(article, count)
    client.get(article.get_absolute_url())  # warm up content types and the like
    shown = []
    pages = 0
    query = ""
    while query is not None and pages <= count:
        with django_assert_max_num_queries(10):
            response = client.get(article.get_absolute_url() + query)
        assert response.status_code == 200
        document = parse(response.text)
        shown += comment_ids(document)
        pages += 1
        query = next_comment_page(document)
    assert sorted(shown) == sorted(
        Comment.objects.filter(article=article).values_list("pk", flat=True)
    )
    assert len(shown) == count
    # Pages hold COMMENTS_PER_PAGE top-level threads each: 300 comments need several.
    roots = Comment.objects.filter(article=article, parent=None).count()
    assert pages == max(1, -(-roots // settings.COMMENTS_PER_PAGE))
    assert (pages > 1) is (count == 300)
