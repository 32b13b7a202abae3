"""Journey 7: axe-core finds no serious or critical violation on the readers' pages."""

import pytest

from tests.browser.support import axe_violations
from tests.factories import make_article, make_category


@pytest.fixture
def article():
    category = make_category(name="Sciences", slug="sciences")
    make_article(category=category, title="Le télescope regarde plus loin")
    return make_article(
        category=category,
        title="Les labos d'IA s'arrachent les chercheurs",
        body="<h2>Une guerre des talents</h2><p>Un paragraphe avec un "
        '<a href="https://example.org/">lien</a>.</p>',
    )


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(lambda article: "/", id="home"),
        pytest.param(lambda article: article.category.get_absolute_url(), id="category"),
        pytest.param(lambda article: article.get_absolute_url(), id="article"),
    ],
)
def test_reader_page_has_no_serious_accessibility_violation(page, article, path):
    page.goto(path(article))
    assert axe_violations(page) == []
