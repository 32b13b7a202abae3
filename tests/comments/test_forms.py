"""The comment form as rendered and as validated: required marks, honeypot, captcha, URL rules."""

import pytest
from django.urls import reverse

from comments.forms import CommentForm
from tests.corpus import load, load_text
from tests.factories import comment_form_data, make_article
from tests.helpers import whole_form_page
from tests.html import by_id, field, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["shared", "uncached"])
def form_page(request, client):
    """The form as a reader finds it: on the shared (cached) page, whose CSRF token and
    captcha come later, and on the uncached page with the whole form (``?commenter=<key>``,
    the way in without JavaScript)."""
    article = make_article()
    if request.param == "uncached":
        return parse(whole_form_page(client, article).text)
    return parse(client.get(article.get_absolute_url()).text)


@pytest.fixture(params=["uncached", "fresh"])
def captcha_page(request, client):
    """Where the captcha is rendered: the uncached page with the whole form, and the
    fresh parts comments.js asks for (a POST) when the reader starts typing."""
    article = make_article()
    if request.param == "uncached":
        response = whole_form_page(client, article)
    else:
        url = reverse("comments:form_fresh", kwargs={"slug": article.slug})
        response = client.post(url, {"fragment": "1"})
    assert response.status_code == 200
    return parse(response.text)


def assert_required_with_a_visible_star(document, name):
    control = field(document, name)
    assert control.get("required") is not None
    assert control.get("aria-required") == "true"
    label = next(el for el in document.iter("label") if el.get("for") == control.get("id"))
    assert "*" in text(label)


def test_form_has_its_title_and_note_above_the_fields(form_page):
    respond = by_id(form_page, "respond")
    assert "Laisser un commentaire" in text(respond)
    note = by_id(form_page, "comment-form-note")
    assert text(note).startswith(
        "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *"
    )
    # The note says where to read what is kept about commenters, and why.
    (privacy,) = note.iter("a")
    assert privacy.get("href") == reverse("articles:privacy")


@pytest.mark.parametrize("name", ["body", "author_name", "author_email"])
def test_required_fields_carry_required_aria_required_and_a_visible_star(form_page, name):
    assert_required_with_a_visible_star(form_page, name)


def test_captcha_answer_carries_required_aria_required_and_a_visible_star(captcha_page):
    assert_required_with_a_visible_star(captcha_page, "captcha_1")


@pytest.mark.parametrize(
    "name", ["author_url", "remember", "notify_on_approval", "notify_on_reply"]
)
def test_optional_fields_are_not_marked_required(form_page, name):
    control = field(form_page, name)
    assert control.get("required") is None
    assert control.get("aria-required") is None


def test_consent_and_notification_labels_are_the_agreed_french_texts(form_page):
    labels = {el.get("for"): text(el).strip() for el in form_page.iter("label")}
    assert labels["id_remember"] == (
        "Enregistrer mon nom, mon e-mail et mon site dans le navigateur "
        "pour mon prochain commentaire."
    )
    assert labels["id_notify_on_approval"] == "Me prévenir quand mon commentaire est publié"
    assert labels["id_notify_on_reply"] == "Me prévenir des réponses à mon commentaire"


def test_fields_come_in_the_agreed_order(form_page):
    names = [
        el.get("name")
        for el in form_page.iter()
        if el.tag in {"input", "textarea"} and el.get("type") != "hidden"
    ]
    order = [
        "body",
        "author_name",
        "author_email",
        "author_url",
        "remember",
        "notify_on_approval",
        "notify_on_reply",
    ]
    assert [n for n in names if n in order] == order


def test_honeypot_is_hidden_from_people_and_out_of_the_tab_order(form_page):
    honeypot = field(form_page, "subject")
    assert honeypot.get("tabindex") == "-1"
    assert honeypot.get("autocomplete") == "off"
    wrapper = next(
        el for el in form_page.iter("div") if honeypot in list(el) and el.get("aria-hidden")
    )
    assert wrapper.get("aria-hidden") == "true"
    assert "comment-form__hp" in wrapper.get("class")


def test_captcha_shows_image_refresh_button_and_audio_when_flite_is_there(captcha_page):
    image = next(el for el in captcha_page.iter("img") if "captcha__image" in el.get("class", ""))
    assert image.get("src").startswith("/captcha/image/")
    assert image.get("alt")
    refresh = next(
        el for el in captcha_page.iter("button") if el.get("data-captcha-refresh") is not None
    )
    assert refresh.get("type") == "button"
    audio = [el for el in captcha_page.iter("a") if el.get("data-captcha-audio") is not None]
    from captcha.conf import settings as captcha_settings

    assert bool(audio) == bool(captcha_settings.CAPTCHA_FLITE_PATH)


def test_captcha_answer_is_described_by_its_help_text(captcha_page):
    assert field(captcha_page, "captcha_1").get("aria-describedby") == "id_captcha_helptext"
    assert "Recopiez" in text(by_id(captcha_page, "id_captcha_helptext"))


def test_form_has_no_inline_script_or_style(client):
    """The CSP forbids inline script and style; the form must not rely on them."""
    article = make_article()
    document = parse(client.get(article.get_absolute_url()).text)
    respond = by_id(document, "respond")
    for element in respond.iter():
        assert element.tag not in {"script", "style"}
        assert element.get("style") is None
        assert not any(name.startswith("on") for name in element.attrib)


# -- validation of the website field, from the public corpus ------------------------------

SAFE_SCHEMES = {"http", "https"}


@pytest.mark.parametrize("value", load_text("bad_urls_public.txt"))
def test_website_field_only_ever_accepts_plain_http_urls(value):
    """Whatever the corpus throws, an accepted website is an http(s) URL with no tricks."""
    from urllib.parse import urlsplit

    article = make_article()
    form = CommentForm(comment_form_data(article, author_url=value), article=article)
    form.is_valid()
    if "author_url" in form.errors:
        return
    cleaned = form.cleaned_data["author_url"]
    if not cleaned:
        return
    parts = urlsplit(cleaned)
    assert parts.scheme in SAFE_SCHEMES
    assert parts.netloc
    assert "@" not in parts.netloc
    assert cleaned.isprintable()
    assert len(cleaned) <= 500


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.com/",
        "https://example.com\r\nSet-Cookie: x=1",
    ],
)
def test_website_field_refuses_other_schemes(value):
    article = make_article()
    form = CommentForm(comment_form_data(article, author_url=value), article=article)
    assert not form.is_valid()
    assert "author_url" in form.errors


@pytest.mark.parametrize(
    ("value", "cleaned"),
    [
        ("https://example.com/", "https://example.com/"),
        ("http://example.com/page?x=1", "http://example.com/page?x=1"),
        ("example.com", "https://example.com"),
    ],
)
def test_website_field_accepts_http_urls(value, cleaned):
    article = make_article()
    form = CommentForm(comment_form_data(article, author_url=value), article=article)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["author_url"] == cleaned


@pytest.mark.parametrize("value", load("bad_text_public.txt"))
def test_hostile_text_in_any_field_never_crashes_the_posting_view(client, value):
    """Corpus values (including raw invalid UTF-8) as name, e-mail and body: a page, never a 500."""
    article = make_article()
    url = reverse("comments:post", kwargs={"slug": article.slug})
    for name in ("author_name", "author_email", "body"):
        if isinstance(value, bytes):
            data = comment_form_data(article)
            data.pop(name)
            from urllib.parse import urlencode

            body = urlencode(data).encode() + b"&" + name.encode() + b"=" + value
            response = client.generic(
                "POST", url, body, content_type="application/x-www-form-urlencoded"
            )
        else:
            response = client.post(url, comment_form_data(article, **{name: value}))
        assert response.status_code in {302, 400}, (name, response.status_code)


def test_a_refused_post_lands_on_the_form_without_javascript(form_page):
    """The action carries #respond, so the browser scrolls to the errors after a refusal."""
    form = next(el for el in form_page.iter("form") if el.get("data-comment-form") is not None)
    assert form.get("action").endswith("/poster/#respond")
    assert form.get("method") == "post"
