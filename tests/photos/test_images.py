"""The upload policy (photos/images.py): what is accepted, what is refused, what is kept."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from photos import images
from tests.photos import samples


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def refusal_code(data, name="photo.jpg"):
    with pytest.raises(ValidationError) as refused:
        images.clean_upload(upload(data, name))
    return refused.value.code


@pytest.mark.parametrize(
    ("image_format", "extension"),
    [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("AVIF", "avif")],
)
def test_each_accepted_format_is_kept_in_its_format(image_format, extension):
    clean = images.clean_upload(upload(samples.encode(image_format), name="x.bin"))
    assert clean.format == image_format
    assert clean.content.name.endswith(f".{extension}")
    assert Image.open(io.BytesIO(clean.content.read())).format == image_format


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "AVIF"])
def test_metadata_is_stripped_and_orientation_applied(image_format):
    """EXIF (GPS, camera), XMP and text chunks go; the photo is stored upright."""
    raw_upload = samples.encode(image_format)
    source = Image.open(io.BytesIO(raw_upload))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the sample does carry a position

    data = images.clean_upload(upload(raw_upload)).content.read()

    for leak in samples.LEAKS:
        assert leak not in data
    stored = Image.open(io.BytesIO(data))
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Orientation not in stored.getexif()
    assert "xmp" not in stored.info
    assert "XML:com.adobe.xmp" not in stored.info
    # Stored 80x40 with "rotate 90°": kept as the 40x80 the camera meant.
    assert stored.size == (40, 80)


def test_a_file_with_a_photo_name_but_other_content_is_refused():
    assert refusal_code(b"GIF? no: just some text pretending", "holiday.jpg") == "unsupported"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (samples.gif(), "animation.jpg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.png"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "scan.jpeg"),
    ],
    ids=["gif", "svg", "pdf"],
)
def test_other_formats_are_refused_whatever_their_name(data, name):
    assert refusal_code(data, name) == "unsupported"


def test_a_file_over_the_size_limit_is_refused_before_decoding(settings):
    settings.PHOTOS_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        images.clean_upload(upload(b"\xff\xd8" + b"\0" * 2048))
    assert refused.value.code == "too_large"
    assert "1,0" in str(refused.value.messages) or "1.0" in str(refused.value.messages)


def test_the_size_limit_defaults_to_20_mb():
    from newsroom import settings as project_settings

    assert project_settings.PHOTOS_MAX_UPLOAD_BYTES == 20 * 1024 * 1024


def test_a_decompression_bomb_is_refused_from_its_header():
    """A few hundred bytes that claim 50,000 x 50,000 pixels: Pillow's own guard fires."""
    assert refusal_code(samples.bomb_png(), "bomb.png") == "too_many_pixels"


def test_an_image_over_the_pixel_limit_is_refused_before_decoding(settings):
    settings.PHOTOS_MAX_PIXELS = 5_000
    data = samples.bomb_png(width=100, height=100)  # 10,000 px, under Pillow's guards
    assert refusal_code(data, "big.png") == "too_many_pixels"


@pytest.mark.parametrize(
    "data",
    [samples.truncated_jpeg(), b"\xff\xd8\xff\xe0" + b"\x13" * 500, b""],
    ids=["truncated", "garbage-after-magic", "empty"],
)
def test_a_corrupt_file_is_refused_with_a_message(data):
    with pytest.raises(ValidationError) as refused:
        images.clean_upload(upload(data))
    assert refused.value.code in {"corrupt", "unsupported"}
    assert refused.value.messages


def test_a_truncated_jpeg_is_called_damaged():
    assert refusal_code(samples.truncated_jpeg()) == "corrupt"
