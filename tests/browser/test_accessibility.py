"""Journey 7: axe-core finds no serious or critical violation, and the form works by keyboard."""

import pytest

from comments.models import Comment
from tests.browser.support import (
    PENDING_NOTICE,
    STAFF_PASSWORD,
    axe_violations,
    comment_field,
    expect,
    log_in_to_admin,
    show_server_errors,
    tab_to,
)
from tests.factories import approve, make_article, make_category, make_comment, make_moderator


@pytest.fixture
def article():
    """An article with a short thread of approved comments, one of them a reply."""
    category = make_category(name="Sciences", slug="sciences")
    make_article(category=category, title="Le télescope regarde plus loin")
    article = make_article(
        category=category,
        title="Les labos d'IA s'arrachent les chercheurs",
        body="<h2>Une guerre des talents</h2><p>Un paragraphe avec un "
        '<a href="https://example.org/">lien</a>.</p>',
    )
    first = make_comment(
        article=article,
        author_name="Alix",
        author_url="https://alix.example.org/",
        body="Et les chercheuses ? <em>Elles</em> partent aussi.",
    )
    approve(first)
    approve(make_comment(article=article, parent=first, author_name="Camille", body="Oui."))
    return article


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(lambda article: "/", id="home"),
        pytest.param(lambda article: article.category.get_absolute_url(), id="category"),
        pytest.param(lambda article: article.get_absolute_url(), id="article-with-comments"),
    ],
)
def test_reader_page_has_no_serious_accessibility_violation(page, article, path):
    page.goto(path(article))
    assert axe_violations(page) == []


def test_comment_form_with_errors_has_no_serious_accessibility_violation(page, article):
    page.goto(article.get_absolute_url())
    show_server_errors(page)
    assert axe_violations(page) == []


def test_admin_comment_changelist_has_no_serious_accessibility_violation(new_context, article):
    make_comment(article=article, author_name="Dominique", body="En attente.")
    page = new_context().new_page()
    log_in_to_admin(page, make_moderator(password=STAFF_PASSWORD))
    page.goto("/admin/comments/comment/")
    expect(page.get_by_role("row").filter(has_text="Dominique")).to_be_visible()
    assert axe_violations(page) == []


def test_comment_form_can_be_filled_and_sent_by_keyboard_alone(page, article):
    """Tab to each field, type, send with Enter; fix the server's error the same way.

    Every stop on the way shows where focus is, and the server's error is tied to its
    field by aria-describedby.
    """
    page.goto(article.get_absolute_url())
    unseen = tab_to(page, "body")
    page.keyboard.type("Un commentaire écrit sans souris.")
    unseen += tab_to(page, "author_name", limit=1)
    page.keyboard.type("Camille")
    unseen += tab_to(page, "author_email", limit=1)
    # The browser accepts an address without a dot in its domain; the server does not.
    page.keyboard.type("camille@exemple")
    comment_field(page, "captcha").wait_for()  # may arrive once the reader starts typing
    unseen += tab_to(page, "captcha_1", limit=10)
    page.keyboard.type("PASSED")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    email = comment_field(page, "author_email")
    assert email.get_attribute("aria-invalid") == "true"
    error_ids = email.get_attribute("aria-describedby").split()
    errors = " ".join(page.locator(f"#{error_id}").inner_text() for error_id in error_ids)
    assert "adresse e-mail valide" in errors
    assert comment_field(page, "body").input_value() == "Un commentaire écrit sans souris."
    mine = Comment.objects.filter(body="Un commentaire écrit sans souris.")
    assert not mine.exists()

    unseen += tab_to(page, "author_email")
    page.keyboard.press("Control+A")
    page.keyboard.type("camille@example.net")
    unseen += tab_to(page, "captcha_1", limit=10)
    page.keyboard.type("PASSED")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    comment = mine.get()
    expect(page.locator(f"#comment-{comment.pk}").get_by_text(PENDING_NOTICE)).to_be_visible()
    assert unseen == [], "focus must be visible at every stop"
