"""Journey 3: a moderator approves comments in /admin, and readers see them at once."""

import re

import pytest

from comments.models import Comment
from tests.browser.support import (
    PENDING_NOTICE,
    STAFF_PASSWORD,
    expect,
    fill_comment_form,
    log_in_to_admin,
    post_comment,
)
from tests.factories import make_article, make_comment, make_moderator


@pytest.fixture
def article():
    return make_article(title="Les labos d'IA s'arrachent les chercheurs")


def comment_count_heading(page):
    return page.locator("#comments").get_by_role("heading", level=2).first


def test_moderator_approves_from_the_changelist_and_the_keyboard_queue(new_context, article):
    """Changelist action, then keyboard queue: each time the reader's reload shows the change."""
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())
    fill_comment_form(
        reader,
        body="Enfin un article qui explique les salaires sans fantasmes.",
        author_name="Camille",
        author_email="camille@example.net",
    )
    post_comment(reader)
    mine = Comment.objects.get(author_name="Camille")
    other = make_comment(article=article, author_name="Alix", body="Et les chercheuses ?")
    mine_on_page = reader.locator(f"#comment-{mine.pk}")
    assert mine_on_page.get_by_text(PENDING_NOTICE).is_visible()
    assert comment_count_heading(reader).inner_text() == "0 commentaire"

    moderator = make_moderator(password=STAFF_PASSWORD)
    admin = new_context().new_page()
    log_in_to_admin(admin, moderator)

    # The changelist opens on the pending queue; a bulk action approves Camille's comment.
    admin.goto("/admin/comments/comment/")
    admin.get_by_role("row").filter(has_text="Camille").get_by_role("checkbox").check()
    admin.get_by_role("combobox", name=re.compile(r"^Action")).select_option(
        label="Approuver les commentaires sélectionnés"
    )
    with admin.expect_navigation():
        admin.get_by_role("button", name="Exécuter").click()
    assert admin.get_by_role("row").filter(has_text="Camille").count() == 0
    assert Comment.objects.get(pk=mine.pk).status == Comment.Status.APPROVED

    reader.reload()
    expect(mine_on_page).to_contain_text("sans fantasmes")
    assert mine_on_page.get_by_text(PENDING_NOTICE).count() == 0
    assert comment_count_heading(reader).inner_text() == "1 commentaire"
    assert reader.locator(f"#comment-{other.pk}").count() == 0

    # The keyboard queue: j selects the first pending comment, a approves it.
    admin.goto("/admin/")
    with admin.expect_navigation():  # waits for the page's load, its script included
        admin.get_by_role("link", name="Ouvrir la file de modération au clavier").click()
    queue_count = admin.get_by_text("Commentaires en attente de modération").locator("strong")
    expect(queue_count).to_have_text("1")
    admin.keyboard.press("j")
    selected = admin.get_by_role("listitem").filter(has_text="Et les chercheuses ?")
    expect(selected).to_have_attribute("aria-current", "true")
    expect(selected).to_be_focused()
    admin.keyboard.press("a")
    expect(queue_count).to_have_text("0")
    assert Comment.objects.get(pk=other.pk).status == Comment.Status.APPROVED

    reader.reload()
    expect(reader.locator(f"#comment-{other.pk}")).to_contain_text("Et les chercheuses ?")
    assert comment_count_heading(reader).inner_text() == "2 commentaires"
