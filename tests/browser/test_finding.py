"""Journey: search from the header, open a result, follow the author and a topic."""

import pytest

from articles.models import AuthorProfile
from tests.browser.support import axe_violations, horizontal_overflow, save_screenshot
from tests.factories import make_article, make_user


@pytest.fixture
def signed_article():
    claire = make_user(is_staff=True, first_name="Claire", last_name="Dumas")
    profile = AuthorProfile.objects.ensure_for(claire)
    profile.bio = "Journaliste au service politique."
    profile.save()
    article = make_article(
        title="Les Électeurs de Besançon votent dimanche",
        body="<p>Le scrutin municipal attire les électeurs.</p>",
        author=claire,
    )
    article.tags.add("Élections")
    make_article(title="Un autre sujet", author=claire)
    return article


@pytest.mark.parametrize("width", [1280, 375])
def test_reader_searches_opens_a_result_and_follows_author_and_topic(
    new_context, signed_article, width
):
    page = new_context(width=width).new_page()
    page.goto("/")
    page.get_by_role("search").first.get_by_label("Rechercher dans les articles").fill(
        "electeurs besancon"
    )
    page.get_by_role("search").first.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/?q=electeurs+besancon")
    assert page.locator("main mark").first.inner_text() == "Électeurs"
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    save_screenshot(page, f"search-{width}")

    page.get_by_role("main").get_by_role("link", name=signed_article.title).click()
    page.wait_for_url(f"**{signed_article.get_absolute_url()}")

    page.get_by_role("main").get_by_role("link", name="Claire Dumas").first.click()
    page.wait_for_url("**/auteur/claire-dumas/")
    assert page.get_by_role("heading", level=1).inner_text() == "Claire Dumas"
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    save_screenshot(page, f"author-{width}")

    page.get_by_role("main").get_by_role("link", name=signed_article.title).click()
    page.get_by_role("link", name="Élections").click()
    page.wait_for_url("**/sujet/elections/")
    assert page.get_by_role("heading", level=1).inner_text() == "Élections"
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    save_screenshot(page, f"topic-{width}")
