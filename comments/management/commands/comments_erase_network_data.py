"""Blank the IP address and user agent of comments older than COMMENTS_NETWORK_DATA_DAYS.

Run it every day from a scheduled task, e.g. cron:
``30 3 * * * cd /srv/newsroom && .venv/bin/python manage.py comments_erase_network_data``
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from comments.privacy import erase_old_network_data


class Command(BaseCommand):
    help = "Erase IP addresses and user agents of comments older than COMMENTS_NETWORK_DATA_DAYS."

    def handle(self, *args, **options):
        count = erase_old_network_data()
        self.stdout.write(
            f"Erased the IP address and user agent of {count} comment(s) older than "
            f"{settings.COMMENTS_NETWORK_DATA_DAYS} days."
        )
