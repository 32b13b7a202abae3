"""Journey 8: pages fit a phone (375 px) and a desktop (1280 px) without sideways scrolling.

Screenshots of each page at each width land in test-artefacts/browser/ for a human eye.
"""

import pytest

from tests.browser.support import (
    fill_comment_form,
    horizontal_overflow,
    save_screenshot,
    show_server_errors,
)
from tests.factories import approve, make_article, make_category, make_comment

# What editors really paste: a long unbroken address and a small table.
LONG_BODY = (
    "<p>Le rapport complet est en ligne : https://www.example.org/rapports/2026/"
    "intelligence-artificielle/mobilite-des-chercheurs-entre-laboratoires-prives.pdf</p>"
    "<table><thead><tr><th>Laboratoire</th><th>Départs</th><th>Arrivées</th>"
    "<th>Solde</th></tr></thead><tbody><tr><td>Laboratoire d'apprentissage</td>"
    "<td>12</td><td>7</td><td>-5</td></tr></tbody></table>"
    + "<p>Un paragraphe ordinaire, assez long pour passer à la ligne plusieurs fois.</p>"
    * 6
)

WIDTHS = [375, 1280]


@pytest.fixture
def article():
    category = make_category(name="Technologies et intelligence artificielle", slug="tech")
    for n in range(3):
        make_article(category=category, title=f"Une autre nouvelle du jour, numéro {n}")
    article = make_article(
        category=category,
        title="Les grands laboratoires d'intelligence artificielle se disputent les chercheurs",
        standfirst="Salaires, actions et promesses : la guerre des talents ne faiblit pas.",
        body=LONG_BODY,
    )
    approve(
        make_comment(
            article=article,
            author_name="Dominique-Alexandre de La Tour-Saint-Ygest",
            author_url="https://" + "blog-" * 12 + "example.org/",
            body="Voir https://www.example.org/" + "un-chemin-tres-long-" * 8 + " : édifiant.",
        )
    )
    return article


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["home", "article", "comment-form-errors"])
def test_page_has_no_horizontal_overflow(new_context, article, name, width):
    """Nothing is wider than the viewport: no sideways scrolling for a reader."""
    page = new_context(width=width, height=800).new_page()
    page.goto("/" if name == "home" else article.get_absolute_url())
    if name == "comment-form-errors":
        fill_comment_form(page, author_email="pas-une-adresse@", author_url="https://" + "x" * 80)
        show_server_errors(page)
    save_screenshot(page, f"{name}-{width}")
    assert horizontal_overflow(page) == 0
