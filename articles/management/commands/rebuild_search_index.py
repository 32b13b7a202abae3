from django.core.management.base import BaseCommand

from articles import invalidation
from articles.search import rebuild_index


class Command(BaseCommand):
    help = "Index every article again for the site's search (after a restore or a bulk update)."

    def handle(self, *args, **options):
        count = rebuild_index()
        # Cached search pages were built from the old index.
        invalidation.site_changed()
        self.stdout.write(f"{count} articles indexed.")
