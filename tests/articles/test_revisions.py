"""Revisions: every save keeps a version; the history, the comparison and the one-step restore."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.history import body_diff
from articles.models import Article
from tests.factories import make_article, make_category, make_editor
from tests.helpers import parse_html, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return make_editor(first_name="Claire", last_name="Dumas", username="cdumas")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def change_data(article, **fields):
    """The admin change form's POST for the article as it is, with ``fields`` changed."""
    local = article.published_at.astimezone()
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "author": article.author_id or "",
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "published_at_0": local.strftime("%d/%m/%Y"),
        "published_at_1": local.strftime("%H:%M:%S"),
        "image_alt": "",
    }
    if article.comments_open:
        data["comments_open"] = "on"
    data.update(fields)
    return data


def save(client, article, **fields):
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), change_data(article, **fields)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def test_every_admin_save_keeps_a_version_with_who_and_what(editor_client, editor):
    article = make_article(body="<p>Premier jet.</p>")
    save(editor_client, article, title="Titre revu")
    save(editor_client, article, body="<p>Second jet.</p>")
    versions = list(Version.objects.get_for_object(article).select_related("revision"))
    assert len(versions) == 2
    assert {version.revision.user for version in versions} == {editor}
    assert versions[0].field_dict["body"] == "<p>Second jet.</p>"
    assert versions[1].field_dict["title"] == "Titre revu"


def test_the_publish_action_keeps_a_version_too(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )
    version = Version.objects.get_for_object(article).get()
    assert version.field_dict["status"] == "published"
    assert version.revision.get_comment() == "Publié."


def test_the_history_lists_date_editor_by_name_and_the_change(editor_client):
    article = make_article()
    save(editor_client, article, title="Titre revu")
    response = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    row = parse_html(response.text).find(".//table[@id='change-history']/tbody/tr")
    cells = [text_of(cell) for cell in row]
    assert cells[1] == "Claire Dumas"
    assert "Titre" in cells[2]
    assert "cdumas" not in response.text


def test_the_comparison_shows_the_fields_and_the_body_words_that_changed(editor_client):
    article = make_article(body="<p>Le maire a signé.</p><p>Fin.</p>")
    save(editor_client, article, title="Premier titre")
    save(
        editor_client,
        article,
        title="Second titre",
        body="<p>Le préfet a signé.</p><p>Fin.</p><p>Ajout.</p>",
    )
    old, new = Version.objects.get_for_object(article).order_by("pk")
    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": new.pk, "to": old.pk},  # either order: the older is "before"
    )
    page = parse_html(response.text)
    deleted = [text_of(element) for element in page.iter("del")]
    inserted = [text_of(element) for element in page.iter("ins")]
    assert "Premier titre" in deleted
    assert "Second titre" in inserted
    assert "maire" in deleted
    assert "préfet" in inserted
    assert "<p>Ajout.</p>" in inserted
    # The body's HTML is shown as text, never rendered.
    assert "&lt;p&gt;Ajout.&lt;/p&gt;" in response.text


def test_a_comparison_without_two_versions_goes_back_to_the_history(editor_client):
    article = make_article()
    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"from": "x"}
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_article_history", args=[article.pk])


def test_restoring_a_version_is_one_post_and_a_new_version_and_the_public_page_shows_it(
    editor_client, client
):
    """Restore the first version: the article page shows its body again; three versions now."""
    article = make_article(title="Titre d'origine", body="<p>Texte d'origine.</p>")
    save(editor_client, article)
    save(editor_client, article, title="Titre erroné", body="<p>Texte erroné.</p>")
    assert "Texte erroné." in client.get(article.get_absolute_url()).text
    first = Version.objects.get_for_object(article).order_by("pk").first()

    response = editor_client.post(
        reverse("admin:articles_article_restore", args=[article.pk, first.pk])
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Titre d'origine"
    public = client.get(article.get_absolute_url()).text
    assert "Texte d'origine." in public
    assert "Texte erroné." not in public
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 3
    assert versions.first().revision.get_comment().startswith("Restauré la version du")
    # The restore can itself be undone: the erroneous text is still in the history.
    assert any("erroné" in version.field_dict["body"] for version in versions)


def test_restoring_needs_a_post(editor_client):
    article = make_article()
    save(editor_client, article)
    version = Version.objects.get_for_object(article).get()
    url = reverse("admin:articles_article_restore", args=[article.pk, version.pk])
    assert editor_client.get(url).status_code == 405


def test_a_version_whose_slug_was_taken_since_is_refused_with_a_message(editor_client):
    article = make_article(slug="le-slug")
    save(editor_client, article)
    save(editor_client, article, slug="nouveau-slug")
    make_article(slug="le-slug", category=make_category())
    first = Version.objects.get_for_object(article).order_by("pk").first()
    response = editor_client.post(
        reverse("admin:articles_article_restore", args=[article.pk, first.pk]), follow=True
    )
    article.refresh_from_db()
    assert article.slug == "nouveau-slug"
    assert "ne peut pas être restaurée" in response.text
    assert Version.objects.get_for_object(article).count() == 2


def test_a_version_of_another_article_cannot_be_restored_here(editor_client):
    one, other = make_article(), make_article()
    save(editor_client, other)
    version = Version.objects.get_for_object(other).get()
    url = reverse("admin:articles_article_restore", args=[one.pk, version.pk])
    assert editor_client.post(url).status_code == 404


def test_body_diff_pairs_changed_paragraphs_and_marks_words():
    lines = body_diff("<p>Un deux trois.</p><p>Reste.</p>", "<p>Un quatre trois.</p><p>Reste.</p>")
    assert [line.kind for line in lines] == ["replace", "equal"]
    assert ("delete", "deux") in lines[0].segments
    assert ("insert", "quatre") in lines[0].segments
