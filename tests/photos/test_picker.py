"""The photo picker the rich-text editor opens: who may open it, what it answers."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import make_photo, make_user
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db

PAGE = reverse("admin:photos_photo_picker")
JSON = reverse("admin:photos_photo_picker_json")


def staff(*codenames):
    user = make_user(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="photos", codename__in=codenames)
    )
    return user


@pytest.fixture
def picker_client(client):
    client.force_login(staff("view_photo"))
    return client


@pytest.mark.parametrize("url", [PAGE, JSON])
def test_anonymous_visitors_are_sent_to_the_admin_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [PAGE, JSON])
def test_staff_without_the_photo_permission_are_refused(client, url):
    client.force_login(staff())
    assert client.get(url).status_code == 403


def test_readers_accounts_are_not_staff_and_go_to_the_login(client):
    client.force_login(make_user())
    assert client.get(JSON).status_code == 302


def test_the_json_answer_holds_what_the_figure_button_needs(picker_client):
    photo = make_photo(size=(640, 427), alt="Un tramway", caption="Ligne T1.", credit="TCL")
    answer = picker_client.get(JSON).json()
    assert answer["count"] == 1
    assert answer["page"] == 1
    assert answer["next"] is None
    assert answer["results"] == [
        {
            "id": photo.pk,
            "url": photo.file.url,
            "thumbnail_url": photo.file.url,  # no renditions yet: the original
            "alt": "Un tramway",
            "caption": "Ligne T1.",
            "credit": "TCL",
            "credit_line": "Photo : TCL",
            "width": 640,
            "height": 427,
        }
    ]


def test_the_picker_searches_and_pages(picker_client):
    for n in range(30):
        make_photo(size=(40, 30), alt=f"Vue {n}", credit="Studio Nord" if n % 2 else "Studio Sud")
    first = picker_client.get(JSON).json()
    assert (first["count"], first["num_pages"], len(first["results"])) == (30, 2, 24)
    assert first["results"][0]["alt"] == "Vue 29"  # newest first
    second = picker_client.get(first["next"]).json()
    assert len(second["results"]) == 6
    assert second["previous"]
    found = picker_client.get(JSON, {"q": "sud VUE"}).json()
    assert found["count"] == 15


def test_the_picker_page_lists_choices_and_may_be_framed_by_the_site_only(picker_client):
    photo = make_photo(alt="Un tramway")
    response = picker_client.get(PAGE)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    page = parse_html(response.text)
    buttons = page.findall(".//button[@data-photo-choice]")
    assert len(buttons) == 1
    data = json.loads(page.find(".//li/script[@type='application/json']").text)
    assert data["id"] == photo.pk
    assert data["alt"] == "Un tramway"
    assert page.find(".//script[@src]") is not None


def test_the_rest_of_the_admin_still_refuses_framing(picker_client):
    response = picker_client.get(reverse("admin:photos_photo_changelist"))
    assert response["X-Frame-Options"] == "DENY"
