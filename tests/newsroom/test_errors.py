"""Bad input is a 4xx, never a 500: the project's own 400 page never reads the body again."""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("charset", ["iso-8859-1", "utf-16", "windows-1252"])
def test_a_form_posted_in_another_charset_is_a_400(charset):
    """With a valid CSRF cookie, so that CSRF checking reads the body (as a browser's would)."""
    article = make_article()
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    response = client.generic(
        "POST",
        reverse("comments:post", kwargs={"slug": article.slug}),
        "body=\u00e9t\u00e9&author_name=L\u00e9a".encode(charset),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 400
    assert "400" in response.text
    assert not Comment.objects.exists()


def test_the_400_page_is_the_sites_own(client):
    """A plain 400 (a bad request of any kind) gets the static page, never cached."""
    from newsroom.errors import bad_request

    response = bad_request(None)
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    assert "Newsroom" in response.text
