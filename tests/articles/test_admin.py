"""The editors' admin: the Editors group, article and category pages, bulk actions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.admin import StateFilter
from articles.models import Article, Category
from tests.factories import make_article, make_category, make_editor, make_user
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db

EDITOR_PERMISSIONS = (
    {
        f"articles.{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("article", "category")
    }
    | {f"articles.{action}_authorprofile" for action in ("add", "change", "view")}
    | {f"taggit.{action}_tag" for action in ("add", "change", "delete", "view")}
)
EDITOR_PERMISSIONS |= {f"photos.{action}_photo" for action in ("add", "change", "delete", "view")}
# The site's own pages (legal notice, privacy, contact): edited, never added or deleted.
EDITOR_PERMISSIONS |= {"articles.change_sitepage", "articles.view_sitepage"}
# Journalists answer readers from the comment admin (without seeing their addresses).
EDITOR_PERMISSIONS |= {"comments.view_comment", "comments.reply_as_staff"}


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def test_editors_group_has_exactly_the_article_and_category_permissions():
    """The data migrations' group runs articles, categories, author profiles and photos."""
    group = Group.objects.get(name="Editors")
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert granted == EDITOR_PERMISSIONS


def test_an_editor_has_those_permissions_and_no_other():
    editor = make_editor()
    assert editor.get_all_permissions() == EDITOR_PERMISSIONS
    assert not editor.has_perm("comments.change_comment")
    assert not editor.has_perm("auth.change_user")


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:articles_article_changelist",
        "admin:articles_article_add",
        "admin:articles_category_changelist",
        "admin:articles_category_add",
    ],
)
def test_admin_pages_load_for_an_editor(editor_client, url_name):
    make_article()
    assert editor_client.get(reverse(url_name)).status_code == 200


def test_article_and_category_change_pages_load_for_an_editor(editor_client):
    article = make_article()
    for url in [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_category_change", args=[article.category.pk]),
    ]:
        assert editor_client.get(url).status_code == 200


def test_an_editor_cannot_manage_users(editor_client):
    """Outside articles and categories the admin refuses an editor."""
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_changelist_shows_the_editorial_columns_and_filters(editor_client):
    author = make_user(is_staff=True, username="cdumas", first_name="Claire", last_name="Dumas")
    make_article(title="Un titre à la une", author=author)
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    admin = response.context["cl"].model_admin
    assert admin.list_display == [
        "title",
        "state_label",
        "published_at",
        "front_position",
        "category",
        "signed_by",
    ]
    assert {"category", "published_at"} <= set(admin.list_filter)
    assert StateFilter in admin.list_filter
    assert admin.date_hierarchy == "published_at"
    assert admin.prepopulated_fields == {"slug": ["title"]}
    assert "Un titre à la une" in response.text
    assert "Claire Dumas" in response.text
    assert "cdumas" not in response.text


def test_changelist_search_finds_articles_by_title(editor_client):
    make_article(title="Glaciers des Alpes")
    make_article(title="Cinéma de quartier")
    response = editor_client.get(reverse("admin:articles_article_changelist"), {"q": "glaciers"})
    titles = [str(a) for a in response.context["cl"].result_list]
    assert titles == ["Glaciers des Alpes"]


def test_category_admin_prepopulates_the_slug(editor_client):
    response = editor_client.get(reverse("admin:articles_category_add"))
    assert response.context["adminform"].prepopulated_fields[0]["field"].name == "slug"


def test_change_page_offers_view_on_site(editor_client):
    """The change page links to the public page (or the preview, for a draft)."""
    for article in [make_article(), make_article(status="draft")]:
        response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
        view_on_site = parse_html(response.text).findall(".//a[@class='viewsitelink']")
        assert [link.get("href") for link in view_on_site] == [article.get_absolute_url()]


def test_editor_adds_an_article_and_the_body_is_sanitised(editor_client):
    """Saving through the admin runs the editorial sanitiser; the editor keeps their source."""
    category = make_category()
    editor = editor_client.session["_auth_user_id"]
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Un nouvel article",
            "slug": "un-nouvel-article",
            "category": category.pk,
            "author": editor,
            "standfirst": "Un chapô.",
            "body": '<p onmouseover="x()">Texte</p><script>alert(1)</script>',
            "status": "published",
            "published_at_0": "2026-01-05",
            "published_at_1": "10:00:00",
            "comments_open": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get(slug="un-nouvel-article")
    assert "<script>" not in article.body_html
    assert "onmouseover" not in article.body_html
    assert article.body == '<p onmouseover="x()">Texte</p><script>alert(1)</script>'

    # Editing again shows what the editor typed, not the sanitised rendering.
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert change.context["adminform"].form["body"].value() == article.body
    assert "body_html" not in change.context["adminform"].form.fields


def test_slug_must_be_unique_in_the_admin(editor_client):
    """A taken slug is a form error, not a crash."""
    existing = make_article(slug="deja-pris")
    response = editor_client.post(
        reverse("admin:articles_category_add"), {"name": "X", "slug": existing.category.slug}
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert Category.objects.count() == 1


def test_publish_and_unpublish_actions(editor_client):
    """The bulk actions publish drafts and return published articles to draft."""
    draft = make_article(
        status=Article.Status.DRAFT, published_at=timezone.now() - timedelta(days=3)
    )
    published = make_article()
    url = reverse("admin:articles_article_changelist")

    response = editor_client.post(
        url, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert "1 article publié." in response.text
    draft.refresh_from_db()
    assert draft.is_public

    response = editor_client.post(
        url, {"action": "unpublish", "_selected_action": [published.pk, draft.pk]}, follow=True
    )
    assert "2 articles repassés en brouillon." in response.text
    assert not Article.objects.published().exists()


def test_author_choices_are_staff_only(editor_client):
    """Readers with accounts are never offered as authors."""
    reader = make_user(username="lecteur")
    journalist = make_user(username="journaliste", is_staff=True)
    response = editor_client.get(reverse("admin:articles_article_add"))
    select = parse_html(response.text).find(".//select[@name='author']")
    values = {option.get("value") for option in select.iterfind("option")}
    assert str(journalist.pk) in values
    assert str(reader.pk) not in values
