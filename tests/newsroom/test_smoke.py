import pytest

from tests.factories import make_article


@pytest.mark.django_db
def test_home_lists_a_published_article(client):
    """The home page answers in French with a published article on it."""
    article = make_article()
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    assert article.title in response.text
