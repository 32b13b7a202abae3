"""Writing to the photo library: every new photo goes through ``photo_create``."""

from django.db import transaction

from . import images
from .models import Photo


@transaction.atomic
def photo_create(*, file, alt, caption="", credit="", uploaded_by=None) -> Photo:
    """Store a photo after the upload policy (``photos.images``) accepted it.

    ``file`` is any Django ``File``; it is decoded, checked and re-encoded
    without metadata before anything is stored (``ValidationError`` otherwise,
    and nothing is saved). Renditions are enqueued when the transaction commits.
    """
    clean = images.clean_upload(file)
    photo = Photo(alt=alt, caption=caption, credit=credit, uploaded_by=uploaded_by)
    photo.full_clean(exclude=["file"])
    photo.file.save(clean.content.name, clean.content, save=False)
    photo.save()
    return photo
