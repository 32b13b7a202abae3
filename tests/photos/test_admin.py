"""The photo library in the admin: upload, refusals, list with thumbnails, search."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from photos.models import Photo
from tests.factories import make_photo, make_user
from tests.helpers import parse_html
from tests.photos import samples

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:photos_photo_add")


def photo_editor():
    user = make_user(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="photos", codename__endswith="_photo")
    )
    return user


@pytest.fixture
def staff_client(client):
    client.force_login(photo_editor())
    return client


def post_upload(client, data, name="photo.jpg", **fields):
    fields = {"alt": "Des manifestants place Bellecour", "caption": "", "credit": "", **fields}
    upload = SimpleUploadedFile(name, data, content_type="image/jpeg")
    return client.post(ADD_URL, {**fields, "file": upload})


def test_an_upload_stores_a_clean_upright_photo_with_its_uploader(staff_client):
    response = post_upload(
        staff_client, samples.encode("JPEG", size=(300, 200)), caption="Lundi.", credit="AFP"
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.alt, photo.caption, photo.credit) == (
        "Des manifestants place Bellecour", "Lundi.", "AFP"
    )  # fmt: skip
    assert photo.uploaded_by == response.wsgi_request.user
    assert (photo.width, photo.height) == (200, 300)  # orientation applied
    with default_storage.open(photo.file.name) as stored:
        data = stored.read()
    assert all(leak not in data for leak in samples.LEAKS)
    assert Image.open(io.BytesIO(data)).size == (200, 300)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"not an image at all", "photo.jpg", "n\u2019est pas une photo"),
        (samples.gif(), "photo.jpg", "n\u2019est pas une photo"),
        (samples.truncated_jpeg(), "photo.jpg", "endommagé"),
        (samples.bomb_png(), "photo.png", "pixels"),
    ],
    ids=["text", "gif", "truncated", "bomb"],
)
def test_a_refused_upload_says_why_and_saves_nothing(staff_client, data, name, message):
    response = post_upload(staff_client, data, name)
    assert response.status_code == 200
    errors = " ".join(" ".join(e) for e in response.context["adminform"].form.errors.values())
    assert message in errors
    assert not Photo.objects.exists()


def test_a_too_big_upload_says_the_limit(staff_client, settings):
    settings.PHOTOS_MAX_UPLOAD_BYTES = 2048
    response = post_upload(staff_client, samples.encode("PNG", size=(400, 400)) + b"\0" * 4096)
    assert response.status_code == 200
    assert "2,0" in response.text
    assert "Kio" in response.text
    assert not Photo.objects.exists()


def test_alt_text_is_required(staff_client):
    response = post_upload(staff_client, samples.encode("JPEG"), alt="")
    assert response.status_code == 200
    assert "alt" in response.context["adminform"].form.errors
    assert not Photo.objects.exists()


def test_the_list_shows_thumbnails_and_searches_alt_caption_and_credit(staff_client):
    make_photo(alt="Le pont Wilson en crue", credit="Paul Durand")
    make_photo(alt="Un marché de plein air", caption="Place Carnot, samedi")
    url = reverse("admin:photos_photo_changelist")
    page = parse_html(staff_client.get(url).text)
    thumbnails = page.findall(".//td[@class='field-thumbnail']//img") + page.findall(
        ".//th[@class='field-thumbnail']//img"
    )
    assert len(thumbnails) == 2
    assert all(img.get("width") and img.get("height") and img.get("alt") for img in thumbnails)
    for query, expected in [("crue", "pont"), ("Carnot", "marché"), ("durand", "pont")]:
        text = staff_client.get(url, {"q": query}).text
        assert expected in text
        assert text.count("field-alt") == 1


def test_a_stored_photos_file_cannot_be_replaced(staff_client):
    photo = make_photo()
    url = reverse("admin:photos_photo_change", args=[photo.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert 'name="file"' not in page.text
    response = staff_client.post(
        url,
        {"alt": "Nouveau texte", "caption": "", "credit": "X",
         "file": SimpleUploadedFile("other.jpg", samples.encode("JPEG"))},
    )  # fmt: skip
    assert response.status_code == 302
    photo_after = Photo.objects.get()
    assert photo_after.file.name == photo.file.name
    assert photo_after.alt == "Nouveau texte"


def test_deleting_a_photo_removes_its_file(staff_client, django_capture_on_commit_callbacks):
    photo = make_photo()
    name = photo.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:photos_photo_delete", args=[photo.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not default_storage.exists(name)
