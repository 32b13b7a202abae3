"""Topics: django-taggit's tags on articles, run by the Editors group.

Editors get every permission on taggit's Tag (add topics from the article form,
rename, merge or delete them); the permissions are created first, as in 0002.
"""

import taggit.managers
from django.contrib.auth.management import create_permissions
from django.db import migrations

TAG_PERMISSIONS = ["add_tag", "change_tag", "delete_tag", "view_tag"]


def grant_topics_to_editors(apps, schema_editor):
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("taggit")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(db).get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.using(db).filter(
            content_type__app_label="taggit", codename__in=TAG_PERMISSIONS
        )
    )


def revoke_topics_from_editors(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(db).filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.using(db).filter(
                content_type__app_label="taggit", codename__in=TAG_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_front_page_position"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="tags",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="The subjects the article is about; each has its page and feed.",
                through="taggit.TaggedItem",
                to="taggit.Tag",
                verbose_name="topics",
            ),
        ),
        migrations.RunPython(grant_topics_to_editors, revoke_topics_from_editors),
    ]
