"""Blank the IP address and user agent of comments older than COMMENTS_NETWORK_DATA_DAYS.

The privacy page promises it, so it runs every day on a schedule: the timer
``deploy/systemd/newsroom-comments_erase_network_data.timer`` in production, the
stack's scheduler on loopback (README, "Periodic jobs", also for a cron line).
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
