"""The site's own pages: legal notice, privacy, contact (SitePage, edited by editors)."""

import pytest
from django.urls import reverse

from articles.models import SitePage
from tests.factories import make_article, make_editor
from tests.helpers import links, parse_html, text_of, visible_text

pytestmark = pytest.mark.django_db

PAGES = [
    ("articles:legal_notice", "/mentions-legales/", "Mentions légales"),
    ("articles:privacy", "/confidentialite/", "Politique de confidentialité"),
    ("articles:contact", "/contact/", "Contact"),
]


@pytest.mark.parametrize(("name", "url", "title"), PAGES)
def test_site_pages_exist_and_are_linked_from_every_footer(client, name, url, title):
    assert reverse(name) == url
    response = client.get(url)
    assert response.status_code == 200
    assert text_of(parse_html(response.text).find(".//h1")) == title
    article = make_article()
    for page in ["/", article.get_absolute_url(), url]:
        assert url in links(client.get(page).text, ".//footer//a"), page


def test_privacy_page_says_what_is_kept_why_how_long_and_how_to_erase(client):
    text = visible_text(client.get("/confidentialite/").text)
    for words in ["adresse e-mail", "adresse IP", "Pourquoi", "Combien de temps", "effacer"]:
        assert words in text


def test_comment_form_links_the_privacy_page(client):
    article = make_article()
    page = parse_html(client.get(article.get_absolute_url()).text)
    note = page.find(".//p[@id='comment-form-note']")
    assert [a.get("href") for a in note.iterfind("a")] == ["/confidentialite/"]


def test_editors_edit_site_pages_and_readers_see_it_at_once(client):
    """Editors change a page in the admin; the cached copy goes."""
    assert "Nouvelle adresse" not in client.get("/contact/").text
    editor = client.__class__()
    editor.force_login(make_editor())
    page = SitePage.objects.get(key="contact")
    response = editor.post(
        reverse("admin:articles_sitepage_change", args=[page.pk]),
        {"title": "Contact", "body": "<p>Nouvelle adresse : redaction@example.org</p>"},
    )
    assert response.status_code == 302
    assert "Nouvelle adresse" in client.get("/contact/").text


def test_site_page_html_goes_through_the_editorial_safelist(client):
    page = SitePage.objects.get(key="contact")
    page.body = '<p>Écrivez-nous</p><script>alert(1)</script><img src=x onerror="alert(1)">'
    page.save()
    response = client.get("/contact/")
    assert "<p>Écrivez-nous</p>" in response.text
    assert "<script>alert(1)" not in response.text
    assert "onerror" not in response.text


def test_site_pages_are_marked_french_on_english_pages(client):
    page = parse_html(client.get("/contact/", headers={"accept-language": "en"}).text)
    assert page.find(".//h1").get("lang") == "fr"


def test_editors_cannot_add_or_delete_site_pages(client):
    client.force_login(make_editor())
    assert client.get(reverse("admin:articles_sitepage_add")).status_code == 403
    page = SitePage.objects.get(key="privacy")
    assert client.get(reverse("admin:articles_sitepage_delete", args=[page.pk])).status_code == 403


def test_the_privacy_page_states_the_erasure_delay_the_code_applies(client, settings):
    """The page promises what comments_erase_network_data does, with its real delay."""
    text = client.get("/confidentialite/").content.decode()
    assert f"au bout de {settings.COMMENTS_NETWORK_DATA_DAYS} jours" in text
    assert 'href="/commentaires/mes-donnees/"' in text
    assert "[durée]" not in text
