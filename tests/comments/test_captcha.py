"""The captcha is readable: twice the former size, sharp, refreshable, with working audio."""

import shutil
from io import BytesIO

import pytest
from django.conf import settings
from PIL import Image

from tests.factories import make_article
from tests.helpers import whole_form_page
from tests.html import parse

pytestmark = pytest.mark.django_db

# django-simple-captcha's default rendering of four letters, which the page showed before.
FORMER_SIZE = (76, 29)


@pytest.fixture
def captcha(client):
    article = make_article()
    document = parse(whole_form_page(client, article).text)
    return {
        "image": next(el for el in document.iter("img") if "captcha__image" in el.get("class")),
        "audio": [el for el in document.iter("a") if el.get("data-captcha-audio") is not None],
    }


def test_the_image_box_is_at_least_twice_the_former_size_and_reserved(captcha):
    """Width and height are set on the tag, so the form does not jump when the image loads."""
    width, height = int(captcha["image"].get("width")), int(captcha["image"].get("height"))
    assert width >= 2 * FORMER_SIZE[0]
    assert height >= 2 * FORMER_SIZE[1]


def test_the_image_has_more_pixels_than_its_box_so_it_is_sharp(client, captcha):
    response = client.get(captcha["image"].get("src"))
    assert response.status_code == 200
    pixels = Image.open(BytesIO(response.content)).size
    assert pixels[1] >= int(captcha["image"].get("height")) * 1.4


@pytest.mark.skipif(not shutil.which("flite"), reason="flite is not installed")
def test_the_audio_version_is_a_real_recording(client, captcha):
    assert settings.CAPTCHA_FLITE_PATH
    (link,) = captcha["audio"]
    response = client.get(link.get("href"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"RIFF"
    assert body[8:12] == b"WAVE"
    assert len(body) > 10_000, "a few letters spoken last more than a fraction of a second"
