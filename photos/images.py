"""What an uploaded photo must be, and what is kept of it.

The policy for every photo that enters the library, whoever brings it (the
admin form, ``photos.services.photo_create``, a data migration):

* **Decided by decoding, not by the name.** The file is opened and fully decoded
  with Pillow; only JPEG, PNG, WebP and (when this Pillow reads it) AVIF are
  accepted. A file named ``.jpg`` holding something else is refused.
* **Bounded.** Over ``PHOTOS_MAX_UPLOAD_BYTES`` bytes, refused before decoding;
  over ``PHOTOS_MAX_PIXELS`` pixels (a small file that decodes to a huge image,
  the "decompression bomb"), refused from the header alone, before decoding.
  Pillow's own bomb guard is caught too.
* **Corrupt or truncated**: refused with a message, never an exception upwards.
* **Private.** Orientation is applied to the pixels first (a phone's portrait
  stays upright), then only the pixels and the colour profile are written back:
  EXIF (camera, GPS position, dates), XMP, IPTC and text chunks are not copied.
  The renditions are made from this clean original, so they carry nothing either.

Errors are ``ValidationError`` with stable codes: ``too_large``, ``too_many_pixels``,
``unsupported``, ``corrupt``. No I/O except reading the upload given.
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, features

# Pillow format name -> (file extension, options for writing the clean original).
# High quality: the original is the source of every rendition.
FORMATS = {
    "JPEG": ("jpg", {"quality": 92, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 92}),
    "AVIF": ("avif", {"quality": 85}),
}


def accepted_formats():
    """The formats this Pillow can decode, in the order named to editors."""
    return [name for name in FORMATS if name != "AVIF" or features.check("avif")]


@dataclass(frozen=True)
class CleanPhoto:
    """An accepted upload, re-encoded without metadata."""

    content: ContentFile
    format: str
    width: int
    height: int


def _refuse(message, code, **params):
    return ValidationError(message, code=code, params=params)


def _unsupported():
    return _refuse(
        _("This file is not a photo in an accepted format (%(formats)s)."),
        "unsupported",
        formats=", ".join(accepted_formats()),
    )


def _corrupt():
    return _refuse(_("This photo could not be read: the file is damaged or incomplete."), "corrupt")


def _too_many_pixels(width, height):
    return _refuse(
        _(
            "This image is %(width)d × %(height)d pixels: more than the %(limit)d million "  # noqa: RUF001
            "pixels accepted. Reduce its size and try again."
        ),
        "too_many_pixels",
        width=width,
        height=height,
        limit=settings.PHOTOS_MAX_PIXELS // 1_000_000,
    )


def check_size(upload):
    """Refuse a file over ``PHOTOS_MAX_UPLOAD_BYTES`` before reading it."""
    limit = settings.PHOTOS_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise _refuse(
            _("This file is %(size)s; photos may be at most %(limit)s."),
            "too_large",
            size=filesizeformat(upload.size),
            limit=filesizeformat(limit),
        )


def _decode(upload):
    """Open and fully decode the upload; the image, or a ValidationError."""
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow warns between its two bomb thresholds: refuse there too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=accepted_formats())
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(0, 0) from None
        except Image.UnidentifiedImageError:
            raise _unsupported() from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _corrupt() from None
        width, height = image.size
        if width * height > settings.PHOTOS_MAX_PIXELS:
            raise _too_many_pixels(width, height)
        if width < 1 or height < 1:
            raise _corrupt()
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(width, height) from None
        except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
            # Truncated data, a broken stream, a lying header.
            raise _corrupt() from None
    return image


def _without_metadata(image):
    """The pixels the reader should see, upright, and the colour profile that goes with them."""
    icc_profile = image.info.get("icc_profile")
    try:
        upright = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, TypeError):
        # An unreadable EXIF block: keep the pixels as stored.
        upright = image
    if upright.mode == "CMYK":
        # Browsers render CMYK JPEGs unreliably; its profile does not fit RGB pixels.
        upright, icc_profile = upright.convert("RGB"), None
    clean = upright.copy()
    # Nothing of the source's metadata is carried over (EXIF, XMP, comments, text).
    clean.info = {}
    return clean, icc_profile


def clean_upload(upload):
    """Validate an uploaded file and return it re-encoded without metadata.

    ``upload`` is a Django ``File`` (an ``UploadedFile`` from a form). Raises
    ``ValidationError`` (codes in the module docstring); returns ``CleanPhoto``
    whose content has a random name (the uploaded one may say more than the
    photo should, such as a place or a person) with the extension of the format
    found by decoding.
    """
    check_size(upload)
    source = _decode(upload)
    image_format = source.format
    clean, icc_profile = _without_metadata(source)
    extension, options = FORMATS[image_format]
    if image_format == "JPEG" and clean.mode not in {"RGB", "L"}:
        clean = clean.convert("RGB")
    buffer = io.BytesIO()
    extra = {"icc_profile": icc_profile} if icc_profile else {}
    try:
        clean.save(buffer, format=image_format, exif=b"", **options, **extra)
    except (OSError, ValueError):
        raise _corrupt() from None
    return CleanPhoto(
        content=ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(8)}.{extension}"),
        format=image_format,
        width=clean.width,
        height=clean.height,
    )
