"""Editors also run the photo library: add, change, delete and view photos."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Editors"
CODENAMES = ["add_photo", "change_photo", "delete_photo", "view_photo"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("photos")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    group, _ = Group.objects.using(db).get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.using(db).filter(
            content_type__app_label="photos", codename__in=CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    for group in Group.objects.using(db).filter(name=GROUP_NAME):
        group.permissions.remove(
            *Permission.objects.using(db).filter(
                content_type__app_label="photos", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_remove_article_image"),
        ("photos", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
