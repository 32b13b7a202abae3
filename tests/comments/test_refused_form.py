"""A refused form never loses the reader's text: back on the article's URL, errors summarised."""

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from comments.cookies import REFUSED_COOKIE
from comments.models import Comment
from tests.factories import comment_form_data, make_article
from tests.html import by_id, field, parse, text

pytestmark = pytest.mark.django_db


def post(client, article, **fields):
    url = reverse("comments:post", kwargs={"slug": article.slug})
    return client.post(url, comment_form_data(article, **fields))


def test_after_an_error_the_url_is_the_articles_form_never_the_posting_url(client):
    """The article's form page, with a new security code made by this POST."""
    article = make_article()
    response = post(client, article, author_name="")
    assert response.status_code == 302
    (key,) = CaptchaStore.objects.values_list("hashkey", flat=True)
    assert response["Location"] == f"{article.get_absolute_url()}?commenter={key}#respond"
    assert "/poster/" not in response["Location"]


def test_past_the_security_code_limit_the_form_comes_back_without_one(client, settings):
    """The new code counts against the reader's limit; past it, nothing is made."""
    settings.COMMENTS_CHALLENGES_PER_HOUR = 1
    article = make_article()
    post(client, article, author_name="")
    response = post(client, article, body="Mon texte précieux", author_name="")
    assert response["Location"] == f"{article.get_absolute_url()}?commenter=1#respond"
    assert CaptchaStore.objects.count() == 1
    document = parse(client.get(response["Location"]).text)
    assert text(field(document, "body")) == "Mon texte précieux"
    assert document.find(".//input[@name='captcha_1']") is None


def test_the_summary_names_and_links_every_field_in_error(client):
    article = make_article()
    refused = post(client, article, author_name="", author_email="pas-une-adresse", captcha_1="")
    document = parse(client.get(refused["Location"]).text)
    summary = by_id(document, "comment-form-errors")
    assert summary.get("tabindex") == "-1"
    assert summary.get("role") == "alert"
    links = {a.get("href"): text(a) for a in summary.iter("a")}
    assert set(links) == {"#id_author_name", "#id_author_email", "#id_captcha_1"}
    assert links["#id_author_name"].startswith("Nom")
    assert "adresse e-mail valide" in links["#id_author_email"]
    assert "code de sécurité" in links["#id_captcha_1"]
    # Every link leads to a control that exists on the page.
    for href in links:
        assert by_id(document, href[1:]) is not None


def test_the_text_survives_reloads_and_a_language_switch(client):
    article = make_article()
    refused = post(client, article, body="Mon texte précieux", author_name="", notify_on_reply="on")
    url = refused["Location"]
    for _ in range(2):
        document = parse(client.get(url).text)
        assert text(field(document, "body")) == "Mon texte précieux"
        assert field(document, "notify_on_reply").get("checked") is not None
        assert "Veuillez indiquer votre nom." in text(by_id(document, "comment-form-errors"))
    english = parse(client.get(url, headers={"accept-language": "en"}).text)
    assert text(field(english, "body")) == "Mon texte précieux"
    assert "Please give your name." in text(by_id(english, "comment-form-errors"))


def test_fields_that_were_right_are_not_marked_wrong_when_shown_again(client):
    article = make_article()
    refused = post(client, article, author_name="")
    document = parse(client.get(refused["Location"]).text)
    assert field(document, "author_name").get("aria-invalid") == "true"
    assert field(document, "body").get("aria-invalid") is None
    assert field(document, "captcha_1").get("aria-invalid") is None


def test_an_accepted_comment_forgets_the_refused_form(client):
    article = make_article()
    post(client, article, body="Premier essai", author_name="")
    response = post(client, article, body="Second essai")
    assert response.status_code == 302
    assert "#comment-" in response["Location"]
    assert client.cookies[REFUSED_COOKIE].value == ""
    document = parse(client.get(article.get_absolute_url() + "?commenter=1").text)
    assert document.find(".//*[@id='comment-form-errors']") is None
    assert Comment.objects.get().body == "Second essai"


def test_the_refused_form_is_only_shown_on_its_own_article(client):
    article, other = make_article(), make_article()
    post(client, article, body="Pour le premier article", author_name="")
    page = client.get(other.get_absolute_url() + "?commenter=1").text
    assert "Pour le premier article" not in page


def test_a_page_showing_a_refused_form_is_never_shared(client):
    """The reader's text and address must not reach the shared page cache."""
    article = make_article()
    post(client, article, author_email="secret.reader@example.org", author_name="")
    assert "secret.reader@example.org" in client.get(article.get_absolute_url()).text
    from django.test import Client

    assert "secret.reader@example.org" not in Client().get(article.get_absolute_url()).text
