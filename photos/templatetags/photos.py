"""Template tags that show library photos: ``{% load photos %}``.

``{% responsive_photo photo "card" %}`` renders ``photos/picture.html`` for one
slot of ``photos.renditions.SLOTS``; ``eager=True`` marks the page's first large
image (loaded at once, ``fetchpriority="high"``), every other one is lazy.

``{{ html|photo_figures }}`` upgrades the photos an editor placed in an
article body (``<img data-photo-id="…">``, the markup the photo picker's
contract describes) into the same responsive markup.
"""

import re
from html import unescape

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .. import renditions
from ..models import Photo

register = template.Library()

# An attribute as bleach serialises it: a value in double quotes, or in single quotes
# when it holds a double quote (and then ">" may appear raw inside).
_ATTRIBUTE = r"""\s+([^\s=>/]+)(?:=("[^"]*"|'[^']*'|[^\s>"']+))?"""
_IMG = re.compile(r"<img((?:" + _ATTRIBUTE + r")*)\s*/?>")


def _unquote(value):
    return value[1:-1] if value[:1] in {'"', "'"} else value


def _attributes(match):
    return {
        name.lower(): unescape(_unquote(value))
        for name, value in re.findall(_ATTRIBUTE, match.group(1))
    }


def _photo_id(attributes):
    value = attributes.get("data-photo-id", "")
    return int(value) if value.isascii() and value.isdigit() else None


def _context(photo, slot, *, alt=None, eager=False, css_class=""):
    return {
        "picture": renditions.picture(photo, slot),
        "alt": photo.alt if alt is None else alt,
        "eager": eager,
        "css_class": css_class,
    }


@register.inclusion_tag("photos/picture.html")
def responsive_photo(photo, slot, *, eager=False, css_class=""):
    return _context(photo, slot, eager=eager, css_class=css_class)


@register.filter
def photo_figures(html):
    """Sanitised body HTML (``body_html``: trusted, shown as is) with each library
    photo shown through its renditions.

    Only ``<img>`` tags that carry ``data-photo-id`` of an existing photo are
    replaced, by the template's output; everything else is left as sanitised.
    The alt text written in the body wins over the library's (an editor may
    describe the photo for this article). One query for all the body's photos.
    """
    html = html or ""
    ids = {_photo_id(_attributes(match)) for match in _IMG.finditer(html)} - {None}
    if not ids:
        return mark_safe(html)  # noqa: S308 (the caller gives sanitised HTML: body_html)
    photos = Photo.objects.in_bulk(ids)

    def replace(match):
        attributes = _attributes(match)
        photo = photos.get(_photo_id(attributes))
        if photo is None:
            return match.group(0)
        alt = attributes.get("alt", "").strip() or None
        return render_to_string(
            "photos/picture.html", _context(photo, "article", alt=alt, css_class="prose__image")
        ).strip()

    return mark_safe(_IMG.sub(replace, html))  # noqa: S308 (sanitised HTML, template output)
