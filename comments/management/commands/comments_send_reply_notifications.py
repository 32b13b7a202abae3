"""Send the reply notifications that waited for their hourly window to close.

A reply approved less than an hour after its parent's author was last told
waits; a tasks backend that can defer runs it later by itself, and this
command, run every 10 minutes on a schedule (the timer
``deploy/systemd/newsroom-comments_send_reply_notifications.timer``; README,
"Periodic jobs"), sends whatever is due in any case.
"""

from django.core.management.base import BaseCommand

from comments.notifications import notify_parent_author, parents_with_waiting_replies


class Command(BaseCommand):
    help = "Send the reply notifications whose hourly window has closed."

    def handle(self, *args, **options):
        parents = parents_with_waiting_replies()
        replies = sum(notify_parent_author(parent_id=pk) for pk in parents)
        self.stdout.write(f"Told {len(parents)} author(s) of {replies} reply(ies).")
