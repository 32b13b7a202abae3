"""Journey: a reader asks for their data, reads it, and erases it, on a phone and a desktop."""

import re

import pytest

from comments.models import Comment
from tests.browser.support import expect, save_screenshot
from tests.factories import approve, make_article, make_comment

LINK = re.compile(r"https?://[^\s]+/commentaires/mes-donnees/[^\s/]+/")


@pytest.fixture
def comments():
    article = make_article(title="Le budget participatif, mode d'emploi")
    mine = make_comment(article=article, author_email="zoe@example.org", author_name="Zoé")
    approve(mine)
    make_comment(article=article, author_email="zoe@example.org", body="Encore en attente.")
    return mine


def test_request_read_and_erase_my_data(new_context, comments, mailoutbox, live_site):
    reader = new_context().new_page()
    reader.goto(comments.article.get_absolute_url() + "?commenter=1")
    reader.get_by_role("link", name="Vos commentaires et vos données").click()
    reader.get_by_role("textbox", name=re.compile("^Votre adresse e-mail")).fill("zoe@example.org")
    reader.get_by_role("button", name="M’envoyer le lien").click()  # noqa: RUF001
    expect(reader.get_by_role("status")).to_contain_text("Si cette adresse a laissé")
    url = LINK.search(mailoutbox[-1].body).group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]
    reader.goto(reader.url.split("/commentaires/")[0] + "/" + path)
    expect(reader.get_by_text("Encore en attente.")).to_be_visible()
    for width in (1280, 375):
        reader.set_viewport_size({"width": width, "height": 900})
        save_screenshot(reader, f"my-data-{width}")
    reader.get_by_label("Le garder, sans mon nom").check()
    reader.get_by_label("Je comprends que c’est définitif.").check()  # noqa: RUF001
    reader.get_by_role("button", name="Effacer mes données").click()
    expect(reader.get_by_role("status")).to_contain_text("C’est fait")  # noqa: RUF001
    assert not Comment.objects.filter(author_email__iexact="zoe@example.org").exists()
