"""``{% comment_fragment %}``: each comment's markup reused by what it shows, never stale."""

from dataclasses import fields, replace
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from articles import invalidation
from articles.models import Article
from comments import review
from comments.models import Comment
from comments.privacy import erase_author_data
from comments.selectors import CommentNode
from comments.templatetags.comments_tags import CommentFragments
from newsroom.fragments import FRAGMENT_CACHE
from tests.factories import make_article, make_comment, make_moderator
from tests.helpers import rendered_from_nothing
from tests.html import by_id, parse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Every request renders its page: the thread comes from the fragment caches."""
    settings.PAGE_CACHE_SECONDS = 0


def approved(article, **fields):
    return make_comment(article=article, status=Comment.Status.APPROVED, **fields)


def comment_text(page, comment):
    return "".join(by_id(parse(page), f"comment-{comment.pk}").itertext())


@pytest.fixture
def stored_fragments(monkeypatch):
    """Every comment markup the renders store, as {key: html}, in the order stored."""
    fragment_cache = caches[FRAGMENT_CACHE]
    stored = []
    store = fragment_cache.set_many

    def recording_set_many(data, *args, **kwargs):
        stored.append(dict(data))
        return store(data, *args, **kwargs)

    monkeypatch.setattr(fragment_cache, "set_many", recording_set_many)
    return stored


@pytest.fixture
def stored_threads(monkeypatch):
    """Every whole page of comments the renders store, as [(key, html)], in the order stored."""
    fragment_cache = caches[FRAGMENT_CACHE]
    stored = []
    store = fragment_cache.set

    def recording_set(key, value, *args, **kwargs):
        if key.startswith("fragment:comment-page:"):
            stored.append((key, value))
        return store(key, value, *args, **kwargs)

    monkeypatch.setattr(fragment_cache, "set", recording_set)
    return stored


def test_the_first_render_after_a_site_change_takes_the_unchanged_thread_whole(
    client, stored_fragments, stored_threads
):
    """A site change drops the page and what is kept under the tokens, not the comments."""
    article = make_article()
    kept = approved(article, body="texte d'origine")
    client.get(article.get_absolute_url())
    [(key, html)] = stored_threads
    caches[FRAGMENT_CACHE].set(key, html.replace("origine", "REPRIS DU CACHE"))
    stored_fragments.clear()
    invalidation.site_changed()
    assert "REPRIS DU CACHE" in comment_text(client.get(article.get_absolute_url()).text, kept)
    assert stored_fragments == []


def test_a_changed_thread_takes_its_unchanged_comments_from_the_cache(client, stored_fragments):
    """The page of comments changed (a reply approved): the others' markup is reused."""
    article = make_article()
    kept = approved(article, body="texte d'origine")
    client.get(article.get_absolute_url())
    [first_render] = stored_fragments
    marked = {key: html.replace("origine", "REPRIS DU CACHE") for key, html in first_render.items()}
    caches[FRAGMENT_CACHE].set_many(marked)
    approved(article, parent=kept, body="une réponse")
    page = client.get(article.get_absolute_url()).text
    assert "REPRIS DU CACHE" in comment_text(page, kept)
    assert "une réponse" in page


def test_approving_a_comment_renders_that_comment_only(client, stored_fragments):
    article = make_article()
    for number in range(5):
        approved(article, body=f"commentaire {number}")
    client.get(article.get_absolute_url())
    assert len(stored_fragments[0]) == 5
    newcomer = make_comment(article=article, body="nouveau venu")
    review.change_status(comments=[newcomer], to_status="approved", actor=make_moderator())
    page = client.get(article.get_absolute_url()).text
    assert len(stored_fragments) == 2
    [html] = stored_fragments[1].values()
    assert "nouveau venu" in html
    assert "nouveau venu" in comment_text(page, newcomer)


def rename(comment, settings):
    comment.author_name = "Nom Corrigé"
    comment.save()


def change_website(comment, settings):
    comment.author_url = "https://autre-site.example/"
    comment.save()


def edit_text(comment, settings):
    comment.body = "Texte corrigé par la modération."
    comment.save()


def feature(comment, settings):
    review.set_featured(comment=comment, featured=True)


def erase(comment, settings):
    erase_author_data(email=comment.author_email, keep_text=False)


def close_comments(comment, settings):
    Article.objects.filter(pk=comment.article_id).update(
        published_at=timezone.now() - timedelta(days=400)
    )


def limit_depth(comment, settings):
    settings.COMMENTS_MAX_DEPTH = 1


def move_time_zone(comment, settings):
    settings.TIME_ZONE = "America/Montreal"


CHANGES = [
    rename,
    change_website,
    edit_text,
    feature,
    erase,
    close_comments,
    limit_depth,
    move_time_zone,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_reused_page_of_comments_equals_one_rendered_from_nothing(
    client, settings, change, language
):
    """Whatever changed in a comment or around it, no comment keeps its old markup."""
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    article = make_article()
    comment = approved(article, author_name="Nom d'origine", author_url="https://site.example/")
    approved(article, parent=comment)
    url = article.get_absolute_url()
    before = client.get(url, headers={"accept-language": language}).text
    change(comment, settings)
    invalidation.site_changed()
    reused = client.get(url, headers={"accept-language": language}).text
    assert reused != before
    assert reused == rendered_from_nothing(client, url, language)


def node_with_every_field_set():
    return CommentNode(
        pk=7,
        parent_id=3,
        author_name="Claire",
        author_url="https://claire.example/",
        body_html="<p>Bonjour</p>",
        created_at=timezone.now(),
        depth=2,
        real_depth=2,
        is_pending=False,
        can_reply=True,
        is_removed=False,
        is_featured=False,
        is_staff_reply=False,
    )


def another_value(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "!"
    return value + timedelta(minutes=1)


@pytest.mark.parametrize(
    "name", [item.name for item in fields(CommentNode) if item.name != "children"]
)
def test_every_value_of_a_comment_is_part_of_its_key(name):
    """A field added to CommentNode later changes the key without anyone listing it."""
    node = node_with_every_field_set()
    fragments = CommentFragments({"page_number": 1}, {})
    changed = replace(node, **{name: another_value(getattr(node, name))})
    assert fragments.key_for("thread", changed) != fragments.key_for("thread", node)


@pytest.mark.parametrize("name", ["page_number", "comments_are_open", "reply_action"])
def test_every_value_around_the_comments_is_part_of_their_key(name):
    around = {"page_number": 1, "comments_are_open": True, "reply_action": "/a/"}
    node = node_with_every_field_set()
    changed = {**around, name: another_value(around[name])}
    assert CommentFragments(changed, {}).key_for("thread", node) != CommentFragments(
        around, {}
    ).key_for("thread", node)


def test_the_featured_copy_and_the_thread_copy_have_their_own_keys():
    node = node_with_every_field_set()
    fragments = CommentFragments({}, {})
    assert fragments.key_for("featured", node) != fragments.key_for("thread", node)


def nodes(*pks):
    return [CommentNode(pk=pk, parent_id=None, body_html=f"<p>{pk}</p>") for pk in pks]


def test_the_whole_threads_key_follows_where_each_comment_is():
    """The same comments nested otherwise, or picked otherwise, make another page."""
    first, second, third = nodes(1, 2, 3)
    fragments = CommentFragments({"page_number": 1}, {})
    flat = fragments.thread_key([first, second, third], [])
    second.children = [third]
    nested = fragments.thread_key([first, second], [])
    second.children = []
    first.children = [third]
    nested_elsewhere = fragments.thread_key([first, second], [])
    picked = fragments.thread_key([first, second], [second])
    assert len({flat, nested, nested_elsewhere, picked}) == 4


def test_the_whole_threads_key_follows_every_comment_and_what_is_around():
    [first] = nodes(1)
    key = CommentFragments({"page_number": 1}, {}).thread_key([first], [])
    assert CommentFragments({"page_number": 2}, {}).thread_key([first], []) != key
    edited = replace(first, body_html="<p>modifié</p>")
    assert CommentFragments({"page_number": 1}, {}).thread_key([edited], []) != key


def test_a_language_never_gets_another_languages_comments(client):
    article = make_article()
    approved(article)
    url = article.get_absolute_url()
    assert "Répondre" in client.get(url).text
    invalidation.site_changed()
    english = client.get(url, headers={"accept-language": "en"}).text
    assert english == rendered_from_nothing(client, url, "en")
