"""What the photo picker shows: a page of library photos matching a search, as data."""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from . import renditions
from .models import Photo

PICKER_PAGE_SIZE = 24


def credit_line(photo):
    """The credit as printed under a photo ("Photo : AFP"), or "" without a credit."""
    return _("Photo: %(credit)s") % {"credit": photo.credit} if photo.credit else ""


def picker_item(photo):
    """One photo as the editor's figure button needs it (the contract in ``PhotoAdmin``)."""
    return {
        "id": photo.pk,
        "url": photo.file.url,
        "thumbnail_url": renditions.picture(photo, "thumbnail")["src"],
        "alt": photo.alt,
        "caption": photo.caption,
        "credit": photo.credit,
        "credit_line": credit_line(photo),
        "width": photo.width,
        "height": photo.height,
    }


def picker_page(*, query="", page_number=1):
    """The matching photos, newest first, one page of them, as (page, items)."""
    photos = Photo.objects.search(query).order_by("-uploaded_at", "-pk")
    page = Paginator(photos, PICKER_PAGE_SIZE).get_page(page_number)
    return page, [picker_item(photo) for photo in page.object_list]
