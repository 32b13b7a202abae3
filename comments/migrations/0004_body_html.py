"""``body`` becomes what the reader wrote, ``body_html`` its sanitised rendering.

Before: ``body`` held the sanitised HTML and ``body_source`` the typed text
(empty on rows that were loaded without ``save()``). The columns are renamed,
then each row's ``body`` takes the old ``body`` when it had no source (nothing
else is left of what was written), and ``body_html`` is computed again from
``body`` with the current policy.

Reversible without loss: going back renames the columns the other way, so the
old ``body`` gets the sanitised HTML and ``body_source`` the text as written.
"""

from django.db import migrations, models

from articles.sanitize import clean_comment_html


def fill_body_html(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    db = schema_editor.connection.alias
    batch = []
    for row in Comment.objects.using(db).only("pk", "body", "body_html").iterator(chunk_size=500):
        if not row.body:
            row.body = row.body_html
        row.body_html = clean_comment_html(row.body)
        batch.append(row)
        if len(batch) == 500:
            Comment.objects.using(db).bulk_update(batch, ["body", "body_html"])
            batch = []
    Comment.objects.using(db).bulk_update(batch, ["body", "body_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_moderators_group"),
    ]

    operations = [
        migrations.RenameField("comment", "body", "body_html"),
        migrations.RenameField("comment", "body_source", "body"),
        migrations.AlterField(
            model_name="comment",
            name="body",
            field=models.TextField(verbose_name="comment"),
        ),
        migrations.AlterField(
            model_name="comment",
            name="body_html",
            field=models.TextField(
                blank=True, editable=False, verbose_name="comment as published"
            ),
        ),
        # Backwards, the renames alone restore the old shape: nothing to undo here.
        migrations.RunPython(fill_body_html, migrations.RunPython.noop),
    ]
