"""Create the "Moderators" group with exactly what moderation needs.

View and change comments (no adding, no deleting), view their moderation
history, manage the blocklist, view articles. Nothing else: moderators cannot
edit articles, categories or users.
"""

from django.db import migrations

MODERATORS = "Moderators"

PERMISSIONS = [
    ("comments", "comment", "view_comment"),
    ("comments", "comment", "change_comment"),
    ("comments", "moderationevent", "view_moderationevent"),
    ("comments", "blocklistentry", "add_blocklistentry"),
    ("comments", "blocklistentry", "change_blocklistentry"),
    ("comments", "blocklistentry", "delete_blocklistentry"),
    ("comments", "blocklistentry", "view_blocklistentry"),
    ("articles", "article", "view_article"),
]


def create_moderators_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # On a fresh database the permissions do not exist yet: Django creates
    # them after all migrations (post_migrate), too late for this one.
    db = schema_editor.connection.alias
    for label in ("comments", "articles"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps, using=db)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(db).get_or_create(name=MODERATORS)
    permissions = [
        Permission.objects.using(db).get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )
        for app_label, model, codename in PERMISSIONS
    ]
    group.permissions.set(permissions)


def remove_moderators_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=MODERATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("comments", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_moderators_group, remove_moderators_group)]
