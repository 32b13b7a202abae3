"""Journeys 2, 4 and 5: a reader comments, replies, and lets the browser remember them."""

import re

import pytest
from captcha.models import CaptchaStore
from django.utils import translation

from comments.forms import CommentForm
from comments.models import Comment
from comments.review import change_status
from tests.browser.support import (
    PENDING_NOTICE,
    POST_COMMENT,
    REMEMBER_ME,
    REQUIRED_COMMENT_FIELDS,
    comment_field,
    expect,
    fill_comment_form,
    post_comment,
    save_screenshot,
    show_server_errors,
)
from tests.factories import approve, make_article, make_comment, make_moderator


@pytest.fixture
def article():
    return make_article(title="Les labos d'IA s'arrachent les chercheurs")


IN_VIEWPORT = """el => {
  const box = el.getBoundingClientRect();
  return box.top < window.innerHeight && box.bottom > 0;
}"""


def required_message(field):
    with translation.override("fr"):
        return str(CommentForm.base_fields[field].error_messages["required"])


def test_comment_is_checked_by_the_browser_then_the_server_then_held_for_moderation(
    new_context, article
):
    """Empty form: the browser refuses it, then the server does; filled in: held, private."""
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())
    posts = []
    # Comments sent (not the POST that brings the form's security code).
    reader.on(
        "request",
        lambda request: (
            request.method == "POST" and "/poster/" in request.url and posts.append(request.url)
        ),
    )

    # The browser's own validation stops the empty form before anything is sent.
    reader.evaluate("() => { window.stillHere = true; }")
    reader.get_by_role("button", name=POST_COMMENT).click()
    assert reader.evaluate("() => window.stillHere === true"), "the page was left"
    for field in REQUIRED_COMMENT_FIELDS:
        box = comment_field(reader, field)
        assert box.evaluate("el => el.validity.valueMissing"), field
        assert box.evaluate("el => el.matches(':invalid')"), field
    assert posts == []

    # Past the browser (as a robot or an old browser would be), the server refuses it too:
    # each field shows its own message, tied to it for assistive technology.
    show_server_errors(reader)
    assert len(posts) == 1
    for field in REQUIRED_COMMENT_FIELDS:
        box = comment_field(reader, field)
        assert box.get_attribute("aria-invalid") == "true", field
        described_by = box.get_attribute("aria-describedby").split()
        messages = [reader.locator(f"#{id_}").inner_text() for id_ in described_by]
        assert any(required_message(field) in message for message in messages), (field, messages)
        error = reader.locator(f"#{described_by[-1]}")
        assert error.is_visible()
        # "Next to the field": the message sits in the field's own block.
        assert (
            box.locator("xpath=ancestor::div[contains(@class, 'mb-3')][1]").locator(error).count()
            == 1
        ), field
    assert not Comment.objects.exists()

    fill_comment_form(
        reader,
        body="Enfin un article qui explique les salaires sans fantasmes.",
        author_name="Camille",
        author_email="camille@example.net",
    )
    post_comment(reader)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert reader.url.endswith(f"{article.get_absolute_url()}#comment-{comment.pk}")
    mine = reader.locator(f"#comment-{comment.pk}")
    assert mine.is_visible()
    assert mine.get_by_text(PENDING_NOTICE).is_visible()
    assert mine.evaluate(IN_VIEWPORT), "the page should open at the comment"

    other = new_context().new_page()
    other.goto(article.get_absolute_url())
    assert other.locator(f"#comment-{comment.pk}").count() == 0
    assert other.get_by_text("sans fantasmes").count() == 0


def test_consent_box_remembers_the_reader_and_unticking_forgets_them(new_context, article):
    """Ticked: the next form comes pre-filled. Unticked: the cookie is gone, the form empty."""
    other_article = make_article(title="La Bourse de Paris termine en hausse")
    context = new_context()
    page = context.new_page()
    me = {
        "author_name": "Camille Durand",
        "author_email": "camille@example.net",
        "author_url": "https://camille.example.org/",
    }

    page.goto(article.get_absolute_url())
    assert not page.get_by_role("checkbox", name=REMEMBER_ME).is_checked()
    fill_comment_form(page, body="Premier commentaire, avec mémoire.", **me)
    page.get_by_role("checkbox", name=REMEMBER_ME).check()
    post_comment(page)
    assert "comments_author" in cookie_names(context)

    page.goto(other_article.get_absolute_url())
    for field, value in me.items():
        assert comment_field(page, field).input_value() == value, field
    fill_comment_form(page, body="Second commentaire, sans mémoire cette fois.")
    page.get_by_role("checkbox", name=REMEMBER_ME).uncheck()
    post_comment(page)
    assert "comments_author" not in cookie_names(context)

    page.goto(article.get_absolute_url())
    for field in me:
        assert comment_field(page, field).input_value() == "", field
    assert Comment.objects.count() == 2


def cookie_names(context):
    return {cookie["name"] for cookie in context.cookies()}


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_reply_appears_under_its_parent_once_approved(new_context, article, javascript):
    """ "Répondre" ties the reply to its parent, with or without JavaScript."""
    parent = make_comment(article=article, author_name="Alix", body="Et les chercheuses ?")
    approve(parent)
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(article.get_absolute_url())
    if not javascript:
        # The shared page: "Répondre" and "Écrire un commentaire" are buttons (POST forms).
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.locator("#comments").scroll_into_view_if_needed()
            page.screenshot(
                path=save_screenshot(page, f"no-js-shared-{width}").with_suffix(".view.png")
            )

    page.locator(f"#comment-{parent.pk}").get_by_role("button", name="Répondre à Alix").click()
    # With JavaScript the form moves under the comment; without, the button's POST makes
    # the security code and leads to the page with the whole form, replying to Alix.
    expect(page.locator("#respond").get_by_text(re.compile(r"à Alix"))).to_be_visible()
    if not javascript:
        assert re.search(rf"\?repondre={parent.pk}&commenter=[0-9a-f]{{40}}#respond$", page.url)
    fill_comment_form(
        page,
        body="Elles partent aussi, et plus vite.",
        author_name="Camille",
        author_email="camille@example.net",
    )
    post_comment(page)
    reply = Comment.objects.get(parent=parent)
    assert reply.status == Comment.Status.PENDING
    nested = page.locator(f"#comment-{parent.pk} #comment-{reply.pk}")
    assert nested.get_by_text(PENDING_NOTICE).is_visible()

    other = new_context(java_script_enabled=javascript).new_page()
    other.goto(article.get_absolute_url())
    assert other.locator(f"#comment-{reply.pk}").count() == 0

    # As a moderator does it, so whatever caches pages hears of it.
    change_status(comments=[reply], to_status=Comment.Status.APPROVED, actor=make_moderator())
    other.reload()
    nested = other.locator(f"#comment-{parent.pk} #comment-{reply.pk}")
    assert nested.get_by_text("Elles partent aussi, et plus vite.").is_visible()
    assert nested.get_by_text(PENDING_NOTICE).count() == 0


def test_reader_without_javascript_comments_from_the_shared_page(new_context, article):
    """The page every reader shares carries no form tokens; a button (a POST) leads to one
    that does, and only that POST makes a security code."""
    page = new_context(java_script_enabled=False).new_page()
    page.goto(article.get_absolute_url())
    assert not comment_field(page, "body").is_visible()
    assert not CaptchaStore.objects.exists()

    with page.expect_navigation():
        page.get_by_role("button", name="Écrire un commentaire").click()
    assert CaptchaStore.objects.count() == 1
    assert page.url.endswith(f"?commenter={CaptchaStore.objects.get().hashkey}#respond")
    # A reload (a GET) shows the same code and makes none.
    page.reload()
    assert CaptchaStore.objects.count() == 1
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#respond").scroll_into_view_if_needed()
        page.screenshot(path=save_screenshot(page, f"no-js-form-{width}").with_suffix(".view.png"))
    fill_comment_form(
        page,
        body="Lu et commenté sans JavaScript.",
        author_name="Camille",
        author_email="camille@example.net",
    )
    post_comment(page)
    comment = Comment.objects.get()
    assert page.url.endswith(f"{article.get_absolute_url()}#comment-{comment.pk}")
    expect(page.locator(f"#comment-{comment.pk}").get_by_text(PENDING_NOTICE)).to_be_visible()


def test_shared_page_fetches_the_security_code_only_once_the_reader_starts(page, article):
    """Reading writes nothing: the captcha challenge is made when the reader starts a comment."""
    page.goto(article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert comment_field(page, "captcha").count() == 0
    assert not CaptchaStore.objects.exists()

    comment_field(page, "body").fill("J'ai une question.")
    expect(comment_field(page, "captcha")).to_be_visible()
    assert CaptchaStore.objects.count() == 1


def test_another_security_code_is_asked_for_with_a_post(page, article):
    """ "Afficher un autre code": a POST with the form's CSRF token; the new code is shown."""
    requests = []
    page.on("request", lambda request: requests.append((request.method, request.url)))
    page.goto(article.get_absolute_url())
    comment_field(page, "body").fill("J'ai une question.")
    expect(comment_field(page, "captcha")).to_be_visible()
    first = page.locator("[data-captcha-key]").input_value()

    page.get_by_role("button", name="Afficher un autre code").click()
    expect(page.locator("[data-captcha-key]")).not_to_have_value(first)
    second = page.locator("[data-captcha-key]").input_value()
    assert CaptchaStore.objects.filter(hashkey=second).exists()
    expect(page.locator("[data-captcha-image]")).to_have_attribute(
        "src", re.compile(rf"/captcha/image/{second}@2/$")
    )
    expect(comment_field(page, "captcha")).to_be_focused()
    refreshes = [method for method, url in requests if url.endswith("/captcha/refresh/")]
    assert refreshes == ["POST"]

    fill_comment_form(
        page, body="Avec le second code.", author_name="Camille", author_email="c@example.net"
    )
    post_comment(page)
    assert Comment.objects.get().body == "Avec le second code."


def test_past_the_limit_the_form_says_so_in_french(page, article, settings, browser_events):
    """ "Afficher un autre code" past the limit: the 429's French message, nothing made."""
    settings.COMMENTS_CHALLENGES_PER_HOUR = 1
    CaptchaStore.objects.all().delete()
    page.goto(article.get_absolute_url())
    comment_field(page, "body").fill("Premier essai.")
    expect(comment_field(page, "captcha")).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/captcha/refresh/")) as refresh:
        page.get_by_role("button", name="Afficher un autre code").click()
    assert refresh.value.status == 429
    expect(page.locator("[data-captcha-error]")).to_contain_text(
        "Trop de codes de sécurité ont été demandés"
    )
    # The image kept its code, the reader can still send the form.
    expect(comment_field(page, "captcha")).to_be_visible()
    assert CaptchaStore.objects.count() == 1
    # The one failed request this test asked for (the watcher flags any other).
    browser_events.broken_resources.remove(f"429 {refresh.value.url}")
