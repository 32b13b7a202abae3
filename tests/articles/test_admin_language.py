"""The admin speaks the newsroom's language: header, whole French phrases, dashboard."""

from datetime import datetime, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_comment, make_editor, make_moderator
from tests.helpers import parse_html, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor(first_name="Claire", last_name="Dumas"))
    return client


def in_english(client):
    client.cookies["django_language"] = "en"
    return client


def title_and_h1(response):
    page = parse_html(response.text)
    return text_of(page.find(".//title")), text_of(page.find(".//h1"))


def test_the_header_and_title_say_newsroom_redaction(editor_client):
    page = parse_html(editor_client.get(reverse("admin:index")).text)
    assert text_of(page.find(".//div[@id='site-name']")) == "Newsroom — rédaction"
    assert text_of(page.find(".//title")).endswith("Newsroom — rédaction")


def test_the_header_is_a_setting(editor_client):
    from django.contrib import admin

    import articles.admin  # noqa: F401 - the admin site takes its header from the setting

    with override_settings(ADMIN_SITE_HEADER="Le Quotidien — rédaction"):
        assert admin.site.site_header == "Newsroom — rédaction"  # read once, at start-up
    # The start-up value is the setting's: the environment variable changes it.
    from django.conf import settings

    assert admin.site.site_header == settings.ADMIN_SITE_HEADER


@pytest.mark.parametrize(
    ("url_name", "args", "french", "english"),
    [
        ("admin:articles_article_add", [], "Ajouter un article", "Add an article"),
        ("admin:articles_category_add", [], "Ajouter une rubrique", "Add a category"),
        ("admin:articles_article_changelist", [], "Articles", "Articles"),
    ],
)
def test_page_titles_are_whole_phrases_in_french_and_english(
    editor_client, url_name, args, french, english
):
    _title, heading = title_and_h1(editor_client.get(reverse(url_name, args=args)))
    assert heading == french
    _title, heading = title_and_h1(in_english(editor_client).get(reverse(url_name, args=args)))
    assert heading == english


def test_no_glued_phrase_on_the_article_pages(editor_client):
    """Never "Ajout de article" or "Ajouter article": the list's button and the add page."""
    article = make_article()
    pages = [
        editor_client.get(reverse("admin:articles_article_changelist")).text,
        editor_client.get(reverse("admin:articles_article_add")).text,
        editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).text,
    ]
    for page in pages:
        assert "Ajout de article" not in page
        assert "Ajouter article" not in page
        assert "Modification de article" not in page
    assert "Ajouter un article" in pages[0]
    assert "Modifier l’article" in pages[2]  # noqa: RUF001


def test_french_model_names_in_the_index(editor_client):
    page = editor_client.get(reverse("admin:index")).text
    for name in ("Articles", "Rubriques", "Profils d’auteur"):  # noqa: RUF001
        assert name in page


def test_editors_do_not_see_the_login_attempt_tables(editor_client):
    """django-axes' tables are for administrators: no link, and the pages refuse editors."""
    page = editor_client.get(reverse("admin:index")).text
    assert "/admin/axes/" not in page
    assert editor_client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


# -- the dashboard -------------------------------------------------------------------


def test_the_dashboard_lists_drafts_scheduled_articles_with_dates_and_pending_comments(
    editor_client,
):
    make_article(title="Un brouillon", status="draft")
    soon = timezone.now() + timedelta(days=2)
    make_article(title="Pour jeudi", published_at=soon)
    make_article(title="Déjà en ligne")
    for _ in range(3):
        make_comment(status="pending")
    make_comment(status="approved")
    page = parse_html(editor_client.get(reverse("admin:index")).text)
    drafts = text_of(page.find(".//*[@id='dashboard-drafts']"))
    scheduled = page.find(".//*[@id='dashboard-scheduled']")
    comments = text_of(page.find(".//*[@id='dashboard-comments']"))
    assert "1 brouillon" in drafts
    assert "Un brouillon" in drafts
    assert "Déjà en ligne" not in drafts
    assert "1 article programmé" in text_of(scheduled)
    assert "Pour jeudi" in text_of(scheduled)
    assert datetime.fromisoformat(scheduled.find(".//time").get("datetime")) == soon
    assert "3 commentaires en attente de modération" in comments


def test_the_dashboard_in_english(editor_client):
    make_article(status="draft")
    make_comment(status="pending")
    page = in_english(editor_client).get(reverse("admin:index")).text
    assert "1 draft" in page
    assert "0 scheduled articles" in page
    assert "1 comment awaiting moderation" in page


def test_the_dashboard_runs_a_fixed_number_of_queries(editor_client, django_assert_max_num_queries):
    for n in range(10):
        make_article(status="draft", title=f"Brouillon {n}")
        make_article(published_at=timezone.now() + timedelta(days=n + 1))
    editor_client.get(reverse("admin:index"))
    # Session, user, permissions (2), drafts, their count, scheduled, pending comments, app list.
    with django_assert_max_num_queries(9):
        editor_client.get(reverse("admin:index"))


def test_a_moderator_sees_the_pending_count_with_the_queue_link(client):
    client.force_login(make_moderator())
    make_comment(status="pending")
    page = parse_html(client.get(reverse("admin:index")).text)
    comments = page.find(".//*[@id='dashboard-comments']")
    assert "1 commentaire en attente de modération" in text_of(comments)
    assert comments.find(".//a").get("href") == reverse("admin:comments_comment_queue")
