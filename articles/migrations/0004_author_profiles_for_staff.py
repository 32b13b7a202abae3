"""Give every member of staff an author profile, and editors the right to edit profiles.

Profiles take the account's full name as display name; the slug (the author
page's address) comes from it, made unique with a number. Editors may view,
add and change any profile (deleting one is left to administrators).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils.text import slugify

PROFILE_PERMISSIONS = ["add_authorprofile", "change_authorprofile", "view_authorprofile"]


def create_profiles(apps, schema_editor):
    db = schema_editor.connection.alias
    User = apps.get_model("auth", "User")
    AuthorProfile = apps.get_model("articles", "AuthorProfile")
    taken = set(AuthorProfile.objects.using(db).values_list("slug", flat=True))
    for user in User.objects.using(db).filter(is_staff=True, author_profile__isnull=True):
        name = f"{user.first_name} {user.last_name}".strip()
        base = slugify(name)[:100] or f"auteur-{user.pk}"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        AuthorProfile.objects.using(db).create(user=user, display_name=name, slug=slug)


def grant_profile_permissions(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.using(db).filter(name="Editors").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.using(db).filter(
                content_type__app_label="articles", codename__in=PROFILE_PERMISSIONS
            )
        )


def revoke_profile_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.using(schema_editor.connection.alias).filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(*group.permissions.filter(codename__in=PROFILE_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_author_profiles_coauthors"),
    ]

    operations = [
        migrations.RunPython(create_profiles, migrations.RunPython.noop),
        migrations.RunPython(grant_profile_permissions, revoke_profile_permissions),
    ]
