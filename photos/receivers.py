"""django-pictures tells us when a photo's renditions exist: pages may then use them.

Its task sends ``picture_processed`` after writing every rendition of a file (and
after deleting obsolete ones, with no new ones: then there is nothing to mark).
"""

from django.dispatch import receiver
from pictures.signals import picture_processed

from newsroom import pagecache

from .models import Photo


@receiver(picture_processed, sender=Photo._meta.get_field("file"))
def mark_renditions_ready(sender, file_name, new, **kwargs):
    if not new:
        return
    # update() bypasses Photo.save(): pages cached with the original must go.
    if Photo.objects.filter(file=file_name, renditions_ready=False).update(renditions_ready=True):
        pagecache.site_changed()
