"""Which file a page shows for a photo, in each place (slot) the site shows photos.

Data only (the template ``photos/picture.html`` makes the HTML). For a slot, a
photo gives: ``<source>`` sets in AVIF and WebP, a JPEG ``srcset`` on the
``<img>`` for browsers that read neither, the ``sizes`` the slot takes in the
layout (static/css/site.css), and ``width``/``height`` so that the browser keeps
the room before the file arrives.

**A page never waits for renditions.** Until django-pictures' task has made them
(``Photo.renditions_ready``), the slot shows the stored original, with the same
width/height attributes, and no ``srcset``. No storage call is made to find out:
the flag is on the row, and rendition names and URLs are computed.
"""

import io
from dataclasses import dataclass
from fractions import Fraction

from django.core.files.base import ContentFile
from pictures.models import PillowPicture

from .models import CARD_RATIO, SOCIAL_RATIO, SOCIAL_WIDTH

# The order of <source> elements: the browser takes the first type it reads.
MODERN_TYPES = ["AVIF", "WEBP"]
FALLBACK_TYPE = "JPEG"
# Encoder settings per format: AVIF at speed 8 costs a third of the default's time
# for a few percent more bytes; quality 60 in AVIF looks like JPEG at 80.
ENCODER_OPTIONS = {
    "AVIF": {"quality": 60, "speed": 8},
    "WEBP": {"quality": 80, "method": 4},
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
}


class Rendition(PillowPicture):
    """django-pictures' Pillow rendition (``PICTURES["PICTURE_CLASS"]``), with our encoders.

    Opaque photos are encoded without an alpha channel (the library works in RGBA:
    AVIF and WebP would carry a useless, costly one), and no metadata is written.
    """

    def resize(self, image):
        image = super().resize(image)
        if image.mode == "RGBA" and image.getextrema()[3][0] == 255:
            image = image.convert("RGB")
        return image

    def save(self, image):
        with io.BytesIO() as buffer:
            self.resize(image).save(
                buffer,
                format=self.file_type,
                exif=b"",
                icc_profile=b"",
                **ENCODER_OPTIONS.get(self.file_type, {}),
            )
            self.storage.delete(self.name)  # a rendition made again replaces the old one
            self.storage.save(self.name, ContentFile(buffer.getvalue()))


@dataclass(frozen=True)
class Slot:
    ratio: str | None
    # The width the image takes at each viewport width (see site.css: .container is
    # 72rem with 1rem/1.5rem padding; cards fill a grid of 17rem minimum columns;
    # the article column is 42rem).
    sizes: str
    # The rendition used as the <img> src when srcset is not read.
    default_width: int = 600


SLOTS = {
    # A card on the home page, the archive or a category page.
    "card": Slot(
        ratio=CARD_RATIO,
        sizes=(
            "(min-width: 72rem) 22rem, (min-width: 58rem) calc((100vw - 7rem) / 3), "
            "(min-width: 39rem) calc((100vw - 5rem) / 2), calc(100vw - 2rem)"
        ),
    ),
    # The front page's first card: across the page, two columns of three on wide screens.
    "card_lead": Slot(
        ratio=CARD_RATIO,
        sizes=(
            "(min-width: 72rem) 45rem, (min-width: 64rem) calc((100vw - 3rem) * 2 / 3), "
            "(min-width: 48rem) calc(100vw - 3rem), calc(100vw - 2rem)"
        ),
        default_width=900,
    ),
    # The article's lead photo and the figures in its body: the reading column.
    "lead": Slot(
        ratio=None, sizes="(min-width: 45rem) 42rem, calc(100vw - 2rem)", default_width=750
    ),
    "article": Slot(
        ratio=None, sizes="(min-width: 45rem) 42rem, calc(100vw - 2rem)", default_width=750
    ),
    # The photo picker's grid in the admin.
    "thumbnail": Slot(ratio=CARD_RATIO, sizes="12rem", default_width=300),
}


def _box(photo, ratio, width=None):
    """Width and height of the slot's box: the photo's own, or cut to ``ratio``."""
    width = width or photo.width
    if ratio is None:
        return width, photo.height * width // photo.width
    return width, int(width / Fraction(ratio))


def _renditions(photo, ratio, file_type):
    """{width: rendition} for the photo in this ratio and format, smallest first."""
    return dict(sorted(photo.file.aspect_ratios[ratio][file_type].items()))


def _srcset(renditions):
    return ", ".join(f"{picture.url} {width}w" for width, picture in renditions.items())


def picture(photo, slot):
    """What ``photos/picture.html`` needs to show ``photo`` in ``slot``.

    ``sources`` is empty and ``src`` the original until the renditions exist, or
    when the photo is smaller than the smallest rendition.
    """
    spec = SLOTS[slot]
    fallback = _renditions(photo, spec.ratio, FALLBACK_TYPE) if photo.renditions_ready else {}
    if not fallback:
        width, height = _box(photo, spec.ratio)
        return {"src": photo.file.url, "srcset": "", "sizes": "", "sources": [],
                "width": width, "height": height}  # fmt: skip
    default = next(
        (picture for width, picture in fallback.items() if width >= spec.default_width),
        list(fallback.values())[-1],
    )
    width, height = _box(photo, spec.ratio, max(fallback))
    return {
        "src": default.url,
        "srcset": _srcset(fallback),
        "sizes": spec.sizes,
        "sources": [
            {"type": f"image/{file_type.lower()}", "srcset": _srcset(renditions)}
            for file_type in MODERN_TYPES
            if (renditions := _renditions(photo, spec.ratio, file_type))
        ],
        "width": width,
        "height": height,
    }


def social_image(photo):
    """The og:image / twitter:image: a 1200x630 JPEG, or the closest that exists yet.

    Returns ``url`` (as the storage gives it; make it absolute in the view),
    ``width``, ``height`` and ``type``. Before the renditions exist, or for a
    photo too small to cut a 1200x630 from, the original or the widest cut.
    """
    cuts = _renditions(photo, SOCIAL_RATIO, FALLBACK_TYPE) if photo.renditions_ready else {}
    if cuts:
        width = SOCIAL_WIDTH if SOCIAL_WIDTH in cuts else max(cuts)
        chosen = cuts[width]
        return {"url": chosen.url, "width": width, "height": chosen.height,
                "type": "image/jpeg"}  # fmt: skip
    extension = photo.file.name.rsplit(".", 1)[-1].lower()
    mime = {"jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(extension, f"image/{extension}")
    return {"url": photo.file.url, "width": photo.width, "height": photo.height, "type": mime}
