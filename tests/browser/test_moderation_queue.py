"""Moderators decide fast: the queue by keyboard, the list by mouse, undo, on a desk and a phone."""

import re

import pytest

from comments.models import Comment
from tests.browser.support import (
    STAFF_PASSWORD,
    axe_violations,
    expect,
    horizontal_overflow,
    log_in_to_admin,
    save_screenshot,
)
from tests.factories import make_article, make_comment, make_moderator

Status = Comment.Status
WIDTHS = [1280, 375]


@pytest.fixture
def pending():
    article = make_article(title="Le tramway de Besançon prolongé jusqu'à la gare")
    parent = make_comment(
        article=article,
        status=Status.APPROVED,
        author_name="Louis Garnier",
        body="Et les horaires du dimanche ?",
    )
    return [
        make_comment(article=article, author_name="Océane Petit", body="Enfin une bonne nouvelle."),
        make_comment(
            article=article,
            parent=parent,
            author_name="Marc Lenoir",
            body="Visitez https://promo.example.com https://promo.example.org et plus encore",
            flag_reasons=["too_fast", "too_many_links"],
        ),
        make_comment(article=article, author_name="Inès Roux", body="Et le parking relais ?"),
    ]


def moderator_page(new_context, width):
    page = new_context(width=width, height=900 if width > 400 else 800).new_page()
    log_in_to_admin(page, make_moderator(password=STAFF_PASSWORD))
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_the_keyboard_queue_starts_on_the_first_item_and_undoes_with_u(new_context, pending, width):
    page = moderator_page(new_context, width)
    page.goto("/admin/comments/comment/queue/")
    first, second, third = (page.locator(f"#queue-{c.pk}") for c in pending)
    # The first comment is selected before any key: the first j goes to the second.
    expect(first).to_have_attribute("aria-current", "true")
    expect(first).to_have_class(re.compile(r"\bis-current\b"))
    page.keyboard.press("j")
    expect(second).to_have_attribute("aria-current", "true")
    expect(first).not_to_have_attribute("aria-current", "true")

    # What the moderator needs is on the item: reasons in words, the parent, the record.
    expect(second).to_contain_text("Envoyé trop vite après l\u2019ouverture du formulaire")
    expect(second).to_contain_text("2 liens")
    expect(second).to_contain_text("Et les horaires du dimanche ?")
    expect(second).to_contain_text("Premier commentaire")

    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    save_screenshot(page, f"moderation-queue-{width}")

    page.keyboard.press("s")
    status = page.locator("[data-queue-live]")
    expect(status).to_have_text("Commentaire de Marc Lenoir marqué comme indésirable.")
    expect(second).to_have_count(0)
    expect(third).to_have_attribute("aria-current", "true")
    assert Comment.objects.get(pk=pending[1].pk).status == Status.SPAM

    undo = page.get_by_role("button", name=re.compile(r"^Annuler"))
    expect(undo).to_be_visible()
    page.keyboard.press("u")
    expect(second).to_have_attribute("aria-current", "true")
    expect(status).to_contain_text("Décision annulée")
    assert Comment.objects.get(pk=pending[1].pk).status == Status.PENDING
    expect(undo).to_be_hidden()
    assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_list_decides_in_one_click_and_undoes_by_mouse(new_context, pending, width):
    page = moderator_page(new_context, width)
    page.goto("/admin/comments/comment/")
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    save_screenshot(page, f"moderation-list-{width}")

    row = page.get_by_role("row").filter(has_text="Océane Petit")
    with page.expect_navigation():
        row.get_by_role("button", name="Approuver le commentaire de Océane Petit").click()
    message = page.locator(".messagelist")
    expect(message).to_contain_text("Commentaire d\u2019Océane Petit approuvé.")
    assert Comment.objects.get(pk=pending[0].pk).status == Status.APPROVED
    with page.expect_navigation():
        message.get_by_role("button", name="Annuler").click()
    expect(page.locator(".messagelist")).to_contain_text("Décision annulée")
    assert Comment.objects.get(pk=pending[0].pk).status == Status.PENDING
    assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_change_page_offers_three_distinct_decisions_and_a_staff_reply(
    new_context, pending, width
):
    page = moderator_page(new_context, width)
    comment = pending[2]
    page.goto(f"/admin/comments/comment/{comment.pk}/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Commentaire d\u2019Inès Roux")
    colours = {
        name: page.get_by_role("button", name=name, exact=True).evaluate(
            "button => getComputedStyle(button).backgroundColor"
        )
        for name in ("Approuver", "Refuser", "Marquer comme indésirable")
    }
    assert len(set(colours.values())) == 3, colours
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    save_screenshot(page, f"moderation-change-{width}")

    page.get_by_text("Répondre au nom de la rédaction").click()
    page.get_by_label("Votre réponse à Inès Roux").fill("Le parking relais ouvrira en mars.")
    with page.expect_navigation():
        page.get_by_role("button", name="Approuver et publier la réponse").click()
    expect(page.locator(".messagelist")).to_contain_text("Votre réponse à Inès Roux est publiée.")
    reply = Comment.objects.get(parent=comment)
    assert reply.status == Status.APPROVED
    assert reply.staff_author is not None
