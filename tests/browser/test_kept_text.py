"""Journey: a refused comment keeps its text, names its errors and survives a reload."""

import re

import pytest

from comments.models import Comment
from tests.browser.support import (
    comment_field,
    expect,
    fill_comment_form,
    post_comment,
    save_screenshot,
    show_server_errors,
)
from tests.factories import make_article


@pytest.fixture
def article():
    return make_article(title="Le budget participatif, mode d'emploi")


TEXT = "Un avis long et réfléchi\nsur deux lignes, que je ne veux pas retaper."


def test_error_summary_focus_and_text_kept_after_reload(new_context, article):
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())
    comment_field(reader, "body").fill(TEXT)
    comment_field(reader, "author_email").fill("pas-une-adresse")
    show_server_errors(reader)

    # Back on the article's URL with the form anchor, never the posting URL.
    # With a new security code, made by the refused POST (comments/challenges.py).
    assert re.search(
        rf"{re.escape(article.get_absolute_url())}\?commenter=[0-9a-f]{{40}}#respond$", reader.url
    )
    summary = reader.locator("#comment-form-errors")
    expect(summary).to_be_focused()
    links = summary.locator("a")
    hrefs = sorted(links.evaluate_all("els => els.map(el => el.getAttribute('href'))"))
    assert hrefs == ["#id_author_email", "#id_author_name", "#id_captcha_1"]
    assert comment_field(reader, "body").input_value() == TEXT
    for width in (1280, 375):
        reader.set_viewport_size({"width": width, "height": 900})
        summary.scroll_into_view_if_needed()
        reader.screenshot(
            path=save_screenshot(reader, f"kept-text-errors-{width}").with_suffix(".view.png")
        )

    # A link of the summary takes the reader to its field.
    summary.locator("a[href='#id_author_name']").click()
    expect(comment_field(reader, "author_name")).to_be_focused()

    # A reload keeps everything, what the server kept and what the browser kept.
    comment_field(reader, "author_name").fill("Camille")
    reader.reload()
    assert comment_field(reader, "body").input_value() == TEXT
    assert comment_field(reader, "author_name").input_value() == "Camille"

    # The back button too.
    reader.goto(article.get_absolute_url() + "?autre=1")
    reader.go_back()
    assert comment_field(reader, "body").input_value() == TEXT

    fill_comment_form(reader, author_email="camille@example.net")
    post_comment(reader)
    comment = Comment.objects.get()
    assert comment.body.replace("\r\n", "\n") == TEXT  # browsers send CRLF
    # Accepted: the draft is gone, the next comment starts blank.
    reader.goto(article.get_absolute_url() + "?commenter=1")
    assert comment_field(reader, "body").input_value() == ""


def test_the_draft_survives_a_reload_of_the_shared_page(new_context, article):
    """Before any post, on the cached page: the browser keeps the text in sessionStorage."""
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())
    comment_field(reader, "body").fill(TEXT)
    reader.reload()
    assert comment_field(reader, "body").input_value() == TEXT
