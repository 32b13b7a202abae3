"""django-pictures tells us when a photo's renditions exist: pages may then use them.

Its task sends ``picture_processed`` after writing every rendition of a file (and
after deleting obsolete ones, with no new ones: then there is nothing to mark).
"""

from django.dispatch import receiver
from pictures.signals import picture_processed

from .models import Photo


@receiver(picture_processed, sender=Photo._meta.get_field("file"))
def mark_renditions_ready(sender, file_name, new, **kwargs):
    if not new:
        return
    # save(), not update(): its post_save tells articles.invalidation that pages
    # cached with the original must go.
    for photo in Photo.objects.filter(file=file_name, renditions_ready=False):
        photo.renditions_ready = True
        photo.save(update_fields=["renditions_ready"])
