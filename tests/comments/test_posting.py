"""Posting a comment through the public form: PRG, the author's pending notice, bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.cookies import AUTHOR_COOKIE, PENDING_COOKIE
from comments.models import Comment, ModerationEvent
from tests.factories import approve, comment_form_data, make_article, make_comment
from tests.html import by_id, field, parse, text

pytestmark = pytest.mark.django_db


def post_url(article):
    return reverse("comments:post", kwargs={"slug": article.slug})


def refused(client, article, data, **extra):
    """Post a form that must be refused: the reader lands back on the article's form."""
    response = client.post(post_url(article), data, follow=True, **extra)
    (location, status), *_ = response.redirect_chain
    assert status == 302
    # The form page with a new security code (comments/challenges.py).
    assert location.startswith(f"{article.get_absolute_url()}?commenter=")
    assert location.endswith("#respond")
    assert response.status_code == 200
    return response


def test_posting_redirects_to_the_comment_anchor_and_stores_it_pending(client):
    article = make_article()
    response = client.post(post_url(article), comment_form_data(article, body="Bravo !"))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert comment.body == "Bravo !"
    assert comment.body_html == "Bravo !"
    assert comment.ip_address == "127.0.0.1"


def test_posting_records_the_first_history_row(client):
    article = make_article()
    client.post(post_url(article), comment_form_data(article))
    event = ModerationEvent.objects.get()
    assert event.comment == Comment.objects.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "pending", None)


def test_the_author_sees_their_pending_comment_with_the_notice(client):
    article = make_article()
    client.post(post_url(article), comment_form_data(article, body="Mon avis en attente"))
    page = client.get(article.get_absolute_url()).text
    assert "Mon avis en attente" in page
    assert "Votre commentaire est en attente de modération" in page


def test_another_reader_does_not_see_a_pending_comment(client, django_user_model):
    article = make_article()
    client.post(post_url(article), comment_form_data(article, body="Mon avis en attente"))
    from django.test import Client

    page = Client().get(article.get_absolute_url()).text
    assert "Mon avis en attente" not in page
    assert "en attente de modération" not in page


def test_a_forged_pending_cookie_reveals_nothing(client):
    """The list of pending ids is signed: typing someone else's id in the cookie shows nothing."""
    article = make_article()
    other = make_comment(article=article, body="Le commentaire de quelqu'un d'autre")
    client.cookies[PENDING_COOKIE] = f"[{other.pk}]"
    assert "quelqu&#x27;un d&#x27;autre" not in client.get(article.get_absolute_url()).text


def test_a_spam_comment_looks_pending_to_its_author(client):
    """Nothing tells a robot it was caught: its comment shows as awaiting moderation."""
    article = make_article()
    client.post(post_url(article), comment_form_data(article, body="robot", subject="rempli"))
    assert Comment.objects.get().status == Comment.Status.SPAM
    page = client.get(article.get_absolute_url()).text
    assert "Votre commentaire est en attente de modération" in page


def test_approved_comment_is_shown_to_everyone_without_the_notice(client):
    article = make_article()
    approve(make_comment(article=article, body="Un avis publié"))
    page = client.get(article.get_absolute_url()).text
    assert "Un avis publié" in page
    assert "en attente de modération" not in page


# -- errors: the form again, everything kept except the captcha --------------------------


@pytest.mark.parametrize(
    ("field_name", "value", "message"),
    [
        ("body", "", "Veuillez écrire votre commentaire."),
        ("body", "x" * 5001, "5000 caractères au maximum"),
        ("body", "nul\x00caractère", "caractères de contrôle"),
        ("author_name", "", "Veuillez indiquer votre nom."),
        ("author_name", "n" * 101, "100 caractères au maximum"),
        ("author_name", "Jean\r\nBcc: victime@example.com", "caractères de contrôle"),
        ("author_name", "\u200b\u200b", "au moins un caractère visible"),
        ("author_email", "", "Veuillez indiquer votre adresse e-mail"),
        ("author_email", "pas-une-adresse", "adresse e-mail valide"),
        ("author_email", "a" * 245 + "@example.com", "254 caractères au maximum"),
        ("author_url", "javascript:alert(1)", "http:// ou https://"),
        ("author_url", "ftp://example.com/", "http:// ou https://"),
        ("author_url", "https://example.com@evil.example/", "nom d\u2019utilisateur"),
        ("captcha_1", "", "Veuillez saisir le code de sécurité"),
    ],
)
def test_bad_field_is_refused_with_its_message_next_to_it(client, field_name, value, message):
    article = make_article()
    response = refused(client, article, comment_form_data(article, **{field_name: value}))
    assert Comment.objects.count() == 0
    document = parse(response.text)
    error_id = {"captcha_1": "id_captcha"}.get(field_name, f"id_{field_name}") + "_error"
    assert message in text(by_id(document, error_id))
    control = field(document, field_name)
    assert error_id in control.get("aria-describedby", "").split()
    assert control.get("aria-invalid") == "true"


def test_errors_keep_everything_typed_except_the_captcha(client):
    article = make_article()
    data = comment_form_data(
        article,
        body="Mon long texte <b>gras</b>",
        author_name="Zoé",
        author_email="zoe@example.org",
        author_url="https://zoe.example.org/",
        notify_on_approval="on",
        remember="on",
        captcha_1="",
    )
    document = parse(refused(client, article, data).text)
    assert text(field(document, "body")) == "Mon long texte <b>gras</b>"
    assert field(document, "author_name").get("value") == "Zoé"
    assert field(document, "author_email").get("value") == "zoe@example.org"
    assert field(document, "author_url").get("value") == "https://zoe.example.org/"
    assert field(document, "notify_on_approval").get("checked") is not None
    assert field(document, "remember").get("checked") is not None
    assert field(document, "captcha_1").get("value") is None


def test_errors_are_in_english_under_accept_language_en(client):
    article = make_article()
    response = refused(
        client, article, comment_form_data(article, body=""), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Please write your comment." in response.text


def test_wrong_captcha_is_refused(client, settings, monkeypatch):
    from captcha.conf import settings as captcha_settings
    from captcha.models import CaptchaStore

    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", False)
    store = CaptchaStore.objects.create(challenge="ABCD", response="abcd")
    article = make_article()
    data = comment_form_data(article, captcha_0=store.hashkey, captcha_1="zzzz")
    response = refused(client, article, data)
    assert "Le code de sécurité est faux ou a expiré" in response.text
    assert Comment.objects.count() == 0


def test_expired_captcha_is_refused(client, monkeypatch):
    from captcha.conf import settings as captcha_settings
    from captcha.models import CaptchaStore

    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", False)
    store = CaptchaStore.objects.create(challenge="ABCD", response="abcd")
    CaptchaStore.objects.filter(pk=store.pk).update(
        expiration=timezone.now() - timedelta(minutes=1)
    )
    article = make_article()
    data = comment_form_data(article, captcha_0=store.hashkey, captcha_1="abcd")
    refused(client, article, data)
    assert Comment.objects.count() == 0


def test_right_captcha_is_accepted(client, monkeypatch):
    from captcha.conf import settings as captcha_settings
    from captcha.models import CaptchaStore

    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", False)
    store = CaptchaStore.objects.create(challenge="ABCD", response="abcd")
    article = make_article()
    data = comment_form_data(article, captcha_0=store.hashkey, captcha_1="ABCD")
    assert client.post(post_url(article), data).status_code == 302
    assert Comment.objects.count() == 1


def test_expired_form_is_refused_and_shown_again_with_a_fresh_token(client):
    from comments.forms import make_form_token

    article = make_article()
    old = make_form_token(article, issued_at=0)
    response = refused(client, article, comment_form_data(article, token=old))
    assert "Ce formulaire a expiré" in response.text
    assert old not in response.text
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("token", ["", "forged", "eyJhIjoxLCJ0IjoxfQ:1abcde:forgedsignature"])
def test_missing_or_forged_token_is_refused(client, token):
    article = make_article()
    response = refused(client, article, comment_form_data(article, token=token))
    assert "pas pu être vérifié" in response.text
    assert Comment.objects.count() == 0


def test_token_of_another_article_is_refused(client):
    from comments.forms import make_form_token

    article, other = make_article(), make_article()
    token = make_form_token(other, issued_at=0)
    refused(client, article, comment_form_data(article, token=token))
    assert Comment.objects.count() == 0


# -- refused outright --------------------------------------------------------------------


def test_closed_article_shows_the_closed_notice_instead_of_the_form(client):
    article = make_article(comments_open=False)
    page = client.get(article.get_absolute_url()).text
    assert "Les commentaires sont fermés." in page
    assert 'name="body"' not in page


def test_old_article_is_closed_by_default(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    article = make_article(published_at=timezone.now() - timedelta(days=31))
    page = client.get(article.get_absolute_url()).text
    assert "Les commentaires sont fermés." in page


def test_recent_article_is_open(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    article = make_article(published_at=timezone.now() - timedelta(days=29))
    page = client.get(article.get_absolute_url()).text
    assert "Les commentaires sont fermés." not in page
    assert 'name="body"' in page


@pytest.mark.parametrize(
    "article_fields",
    [{"comments_open": False}, {"published_at": timezone.now() - timedelta(days=400)}],
)
def test_posting_on_a_closed_article_is_refused(client, article_fields):
    article = make_article(**article_fields)
    response = client.post(post_url(article), comment_form_data(article))
    assert response.status_code == 403
    assert "Les commentaires sont fermés." in response.text
    assert Comment.objects.count() == 0


def test_posting_on_an_unknown_article_is_404(client):
    response = client.post("/commentaires/article/nexiste-pas/poster/", {"body": "x"})
    assert response.status_code == 404
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "article_fields",
    [{"status": "draft"}, {"published_at": timezone.now() + timedelta(days=1)}],
)
def test_posting_on_an_unpublished_article_is_404(client, article_fields):
    article = make_article(**article_fields)
    response = client.post(post_url(article), comment_form_data(article))
    assert response.status_code == 404
    assert Comment.objects.count() == 0


def test_get_on_the_posting_url_is_405_with_a_message(client):
    article = make_article()
    response = client.get(post_url(article))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert article.get_absolute_url() in response.text


@pytest.mark.parametrize("token", [None, "wrong-token-wrong-token-wrong-token-wrong-token-wrong"])
def test_missing_or_wrong_csrf_token_is_403_in_the_site_look(token):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    article = make_article()
    data = comment_form_data(article)
    if token:
        data["csrfmiddlewaretoken"] = token
    response = csrf_client.post(post_url(article), data)
    assert response.status_code == 403
    assert "Votre formulaire a expiré" in response.text
    assert 'class="site-header"' in response.text
    assert Comment.objects.count() == 0


def test_valid_csrf_token_is_accepted():
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    article = make_article()
    # The cached article page carries no token: the form asks for one as the reader types.
    csrf_client.post(
        reverse("comments:form_fresh", kwargs={"slug": article.slug}), {"fragment": "1"}
    )
    data = comment_form_data(article, csrfmiddlewaretoken=csrf_client.cookies["csrftoken"].value)
    assert csrf_client.post(post_url(article), data).status_code == 302


# -- replies -----------------------------------------------------------------------------


def test_reply_to_an_approved_comment_is_stored_under_it(client):
    article = make_article()
    parent = make_comment(article=article)
    approve(parent)
    client.post(post_url(article), comment_form_data(article, parent=parent.pk))
    reply = Comment.objects.exclude(pk=parent.pk).get()
    assert reply.parent == parent


@pytest.mark.parametrize("parent_kind", ["other_article", "pending", "rejected", "missing"])
def test_reply_to_an_invalid_parent_is_refused(client, parent_kind):
    article = make_article()
    if parent_kind == "other_article":
        parent = make_comment()
        approve(parent)
        parent_id = parent.pk
    elif parent_kind == "missing":
        parent_id = 999999
    else:
        parent_id = make_comment(article=article, status=parent_kind).pk
    before = Comment.objects.count()
    response = refused(client, article, comment_form_data(article, parent=parent_id))
    assert "existe pas sur cet article" in response.text
    assert Comment.objects.count() == before


def test_reply_beyond_the_maximum_depth_is_refused(client, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    article = make_article()
    top = make_comment(article=article, status="approved")
    reply = make_comment(article=article, parent=top, status="approved")
    response = refused(client, article, comment_form_data(article, parent=reply.pk))
    assert "ne peuvent pas être imbriquées plus profondément" in response.text
    assert Comment.objects.count() == 2


@pytest.mark.parametrize("parent", ["abc", "-1", "1.5", "9" * 30])
def test_garbage_parent_is_a_form_error_not_a_crash(client, parent):
    article = make_article()
    refused(client, article, comment_form_data(article, parent=parent))
    assert Comment.objects.count() == 0


# -- the consent cookie ------------------------------------------------------------------


def test_ticking_consent_remembers_name_email_and_website(client):
    article = make_article()
    data = comment_form_data(
        article,
        author_name="Zoé",
        author_email="zoe@example.org",
        author_url="https://zoe.example.org/",
        remember="on",
    )
    response = client.post(post_url(article), data)
    cookie = response.cookies[AUTHOR_COOKIE]
    assert cookie["httponly"]
    document = parse(client.get(article.get_absolute_url()).text)
    assert field(document, "author_name").get("value") == "Zoé"
    assert field(document, "author_email").get("value") == "zoe@example.org"
    assert field(document, "author_url").get("value") == "https://zoe.example.org/"
    assert field(document, "remember").get("checked") is not None


def test_posting_without_consent_deletes_the_cookie(client):
    article = make_article()
    client.post(post_url(article), comment_form_data(article, remember="on"))
    response = client.post(post_url(article), comment_form_data(article))
    assert response.cookies[AUTHOR_COOKIE].value == ""
    assert response.cookies[AUTHOR_COOKIE]["max-age"] == 0
    document = parse(client.get(article.get_absolute_url()).text)
    assert field(document, "author_email").get("value") is None
    assert field(document, "remember").get("checked") is None


def test_consent_is_unticked_by_default(client):
    article = make_article()
    document = parse(client.get(article.get_absolute_url()).text)
    assert field(document, "remember").get("checked") is None


def test_notify_opt_in_is_stored(client):
    article = make_article()
    client.post(post_url(article), comment_form_data(article, notify_on_approval="on"))
    assert Comment.objects.get().notify_on_approval is True


def test_notify_opt_in_is_off_by_default(client):
    article = make_article()
    client.post(post_url(article), comment_form_data(article))
    assert Comment.objects.get().notify_on_approval is False


def test_posting_marks_the_browser_as_holding_personal_comment_state(client, rf):
    """Page caches use this to never serve (or store) a page showing a pending comment."""
    from comments.cookies import has_personal_comment_state

    article = make_article()
    response = client.post(post_url(article), comment_form_data(article))
    assert has_personal_comment_state(rf.get("/")) is False
    request = rf.get("/", HTTP_COOKIE=f"{PENDING_COOKIE}={response.cookies[PENDING_COOKIE].value}")
    assert has_personal_comment_state(request) is True
    assert response.cookies[PENDING_COOKIE]["httponly"]
    assert response.cookies[PENDING_COOKIE]["samesite"] == "Lax"
