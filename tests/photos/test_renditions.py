"""Renditions (django-pictures through django.tasks) and what pages show before and after."""

import io

import pytest
from django.core.files.storage import default_storage
from django.template import Context, Template
from PIL import ExifTags, Image

from photos import renditions
from photos.models import Photo
from tests.factories import make_photo
from tests.html import parse
from tests.photos import samples

pytestmark = pytest.mark.django_db


def rendition_names(photo):
    return sorted(
        picture.name
        for ratios in photo.file.aspect_ratios.values()
        for widths in ratios.values()
        for picture in widths.values()
    )


def render(photo, slot="card", **options):
    arguments = " ".join(f"{name}={value}" for name, value in options.items())
    template = Template(
        "{% load photos %}{% responsive_photo photo '" + slot + "' " + arguments + " %}"
    )
    return template.render(Context({"photo": photo}))


@pytest.fixture
def processed_photo(django_capture_on_commit_callbacks):
    """A 640x427 photo whose renditions were made (the task runs when the upload commits)."""
    with django_capture_on_commit_callbacks(execute=True):
        photo = make_photo(size=(640, 427))
    photo.refresh_from_db()
    return photo


def test_renditions_are_made_after_commit_and_marked_ready(processed_photo):
    assert processed_photo.renditions_ready
    names = rendition_names(processed_photo)
    # Widths 200 to 600 in steps of 200, in 2 ratios and 3 formats; one social cut.
    assert len(names) == 3 * 2 * 3 + 1
    assert all(default_storage.exists(name) for name in names)


def test_a_photo_is_not_ready_before_the_upload_commits():
    photo = make_photo()
    assert not Photo.objects.get(pk=photo.pk).renditions_ready
    assert not any(default_storage.exists(name) for name in rendition_names(photo))


def test_no_rendition_keeps_the_uploads_gps_position(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = make_photo(size=(640, 427))
    with default_storage.open(photo.file.name) as stored:
        original = stored.read()
    files = [original]
    for name in rendition_names(photo):
        with default_storage.open(name) as rendition:
            files.append(rendition.read())
    assert len(files) == 20
    for data in files:
        for leak in samples.LEAKS:
            assert leak not in data
        image = Image.open(io.BytesIO(data))
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "xmp" not in image.info


def test_before_renditions_a_slot_shows_the_original_at_its_size():
    photo = make_photo(size=(640, 427))
    document = parse(render(photo, "lead"))
    assert document.find(".//picture") is None
    image = document.find(".//img")
    assert image.get("src") == photo.file.url
    assert (image.get("width"), image.get("height")) == ("640", "427")
    assert image.get("srcset") is None
    assert image.get("alt") == photo.alt


def test_before_renditions_a_card_keeps_the_room_of_its_crop():
    photo = make_photo(size=(600, 600))
    image = parse(render(photo, "card")).find(".//img")
    assert (image.get("width"), image.get("height")) == ("600", "400")


def test_after_renditions_a_card_has_modern_sources_and_a_jpeg_fallback(processed_photo):
    document = parse(render(processed_photo, "card"))
    sources = document.findall(".//picture/source")
    assert [source.get("type") for source in sources] == ["image/avif", "image/webp"]
    for source in sources:
        extension = source.get("type").removeprefix("image/")
        candidates = [item.split() for item in source.get("srcset").split(", ")]
        assert [width for _, width in candidates] == ["200w", "400w", "600w"]
        assert all(url.endswith(f".{extension}") and "/3_2/" in url for url, _ in candidates)
        assert source.get("sizes") == renditions.SLOTS["card"].sizes
    image = document.find(".//picture/img")
    assert image.get("src").endswith("/3_2/600w.jpeg")
    assert image.get("srcset").count(".jpeg") == 3
    assert image.get("sizes") == renditions.SLOTS["card"].sizes
    assert (image.get("width"), image.get("height")) == ("600", "400")
    assert image.get("alt") == processed_photo.alt


def test_the_lead_slot_keeps_the_photos_own_shape(processed_photo):
    image = parse(render(processed_photo, "lead")).find(".//picture/img")
    assert "/3_2/" not in image.get("srcset")
    assert (image.get("width"), image.get("height")) == ("600", "400")  # 640x427 scaled


@pytest.mark.parametrize(
    ("eager", "expected"), [("True", {"fetchpriority": "high", "loading": None}),
                            ("False", {"fetchpriority": None, "loading": "lazy"})]
)  # fmt: skip
def test_only_the_eager_image_asks_for_high_priority(eager, expected):
    image = parse(render(make_photo(), "lead", eager=eager)).find(".//img")
    assert {name: image.get(name) for name in expected} == expected


def test_the_social_image_is_a_1200_by_630_jpeg(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = make_photo(size=(1600, 1067))
    photo.refresh_from_db()
    social = renditions.social_image(photo)
    assert (social["width"], social["height"], social["type"]) == (1200, 630, "image/jpeg")
    with default_storage.open(social["url"].removeprefix("/media/")) as stored:
        assert Image.open(stored).size == (1200, 630)


def test_before_renditions_the_social_image_is_the_original():
    photo = make_photo(size=(1600, 1067))
    social = renditions.social_image(photo)
    assert social == {"url": photo.file.url, "width": 1600, "height": 1067, "type": "image/jpeg"}
