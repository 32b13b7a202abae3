"""``body`` becomes what the editor wrote, ``body_html`` its sanitised rendering.

Before: ``body`` held the sanitised HTML and ``body_source`` the typed text
(empty on rows that were loaded without ``save()``). The columns are renamed,
then each row's ``body`` takes the old ``body`` when it had no source (nothing
else is left of what was written), and ``body_html`` is computed again from
``body`` with the current policy.

Reversible without loss: going back renames the columns the other way, so the
old ``body`` gets the sanitised HTML and ``body_source`` the text as written.
"""

from django.db import migrations, models

from articles.sanitize import clean_article_html


def fill_body_html(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    db = schema_editor.connection.alias
    batch = []
    for row in Article.objects.using(db).only("pk", "body", "body_html").iterator(chunk_size=500):
        if not row.body:
            row.body = row.body_html
        row.body_html = clean_article_html(row.body)
        batch.append(row)
        if len(batch) == 500:
            Article.objects.using(db).bulk_update(batch, ["body", "body_html"])
            batch = []
    Article.objects.using(db).bulk_update(batch, ["body", "body_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_author_profiles_for_staff"),
    ]

    operations = [
        migrations.RenameField("article", "body", "body_html"),
        migrations.RenameField("article", "body_source", "body"),
        migrations.AlterField(
            model_name="article",
            name="body",
            field=models.TextField(
                help_text="HTML. Sanitised on save with the editorial safelist.",
                verbose_name="body",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="body_html",
            field=models.TextField(blank=True, editable=False, verbose_name="body as published"),
        ),
        # Backwards, the renames alone restore the old shape: nothing to undo here.
        migrations.RunPython(fill_body_html, migrations.RunPython.noop),
    ]
