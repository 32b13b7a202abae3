"""Journey 1: a reader finds an article through the menu, walks the timeline, shares it."""

import re
from datetime import timedelta

from django.utils import timezone

from tests.factories import make_article, make_category

COPY_LINK = re.compile(r"copier le lien", re.IGNORECASE)


def test_reader_reaches_an_article_walks_neighbours_and_copies_its_link(new_context):
    """Home → category menu → article → article suivant → article précédent → copy link.

    Neighbours run by publication date across the whole site, so the newer article
    sits in another category than the one the reader came through.
    """
    now = timezone.now()
    science = make_category(name="Sciences", slug="sciences")
    economy = make_category(name="Économie", slug="economie")
    make_article(
        title="Le télescope regarde plus loin",
        category=science,
        published_at=now - timedelta(days=3),
    )
    middle = make_article(
        title="Les labos d'IA s'arrachent les chercheurs",
        category=science,
        published_at=now - timedelta(days=2),
    )
    newer = make_article(
        title="La Bourse de Paris termine en hausse",
        category=economy,
        published_at=now - timedelta(days=1),
    )
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()

    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Sciences", exact=True).click()
    page.wait_for_url("**/categorie/sciences/")
    page.get_by_role("main").get_by_role("link", name=middle.title).click()
    page.wait_for_url(f"**{middle.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == middle.title

    page.get_by_role("link", name=re.compile("article suivant", re.IGNORECASE)).click()
    page.wait_for_url(f"**{newer.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == newer.title
    # The newest article has no "next" neighbour.
    assert page.get_by_role("link", name=re.compile("article suivant", re.IGNORECASE)).count() == 0

    page.get_by_role("link", name=re.compile("article précédent", re.IGNORECASE)).click()
    page.wait_for_url(f"**{middle.get_absolute_url()}")

    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.endswith(middle.get_absolute_url())
    assert canonical.startswith(("http://", "https://"))
    page.evaluate("() => navigator.clipboard.writeText('')")
    page.get_by_role("button", name=COPY_LINK).click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    assert page.evaluate("() => navigator.clipboard.readText()") == canonical
