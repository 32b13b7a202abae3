"""Re-apply the current sanitising policy to every stored comment and article.

Run it after changing ``articles/sanitize.py``: each row's ``body_html`` is
rebuilt from ``body`` (what its author wrote), so a tightened policy reaches old
content too. Rows loaded with ``loaddata`` (which skips ``save()``) get their
``body_html`` here as well.
"""

from django.core.management.base import BaseCommand

from articles import invalidation
from articles.models import Article
from articles.search import index_articles
from comments.models import Comment


class Command(BaseCommand):
    help = "Re-sanitise every comment and article body from what its author wrote."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the bodies that would change without writing anything.",
        )

    def handle(self, *args, dry_run=False, **options):
        any_changed = False
        for model in (Comment, Article):
            checked, changed = self._resanitize(model, dry_run=dry_run)
            any_changed |= bool(changed) and not dry_run
            self.stdout.write(
                f"{model._meta.label}: {checked} checked, "
                f"{changed} {'would change' if dry_run else 'updated'}"
            )
        if any_changed:
            # Rows are rewritten with update(), which tells no cache: the page
            # cache would keep serving the HTML the new policy removes.
            invalidation.site_changed()

    def _resanitize(self, model, *, dry_run):
        checked = changed = 0
        rows = model.objects.only("pk", "body", "body_html").order_by("pk")
        for row in rows.iterator(chunk_size=500):
            checked += 1
            body_html = row.render_body_html()
            if body_html == row.body_html:
                continue
            changed += 1
            if not dry_run:
                # update(), not save(): a policy change is not an edit (updated_at stays).
                model.objects.filter(pk=row.pk).update(body_html=body_html)
                if model is Article:
                    # update() sends no signal: the search index reads body_html.
                    index_articles([row.pk])
        return checked, changed
