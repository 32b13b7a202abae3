"""Ask for the renditions of photos that have none yet, or of every photo with --all.

A photo whose rendition task never ran or failed (a worker down, a storage
error) is shown as its original until then; after a change of rendition widths or
formats, ``--all`` makes the new set. Renditions are enqueued on the "pictures"
queue like an upload's (made here and now with the immediate backend).
"""

from django.core.management.base import BaseCommand

from photos.models import Photo


class Command(BaseCommand):
    help = "Enqueue the renditions of photos that lack them (--all: of every photo)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Every photo, also those whose renditions are marked ready.",
        )

    def handle(self, *args, **options):
        photos = Photo.objects.order_by("pk")
        if not options["all"]:
            photos = photos.filter(renditions_ready=False)
        count = 0
        for photo in photos.iterator():
            photo.file.update_all()
            count += 1
        self.stdout.write(f"Renditions requested for {count} photo(s).")
