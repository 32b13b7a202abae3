"""Staff replies and editors' picks; Editors and Moderators may reply in the newsroom's name.

Editors also get to view comments (to find the one they answer); the comment admin
hides the commenters' e-mail and network addresses from whoever cannot moderate.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


GRANTS = {
    "Editors": ["view_comment", "reply_as_staff"],
    "Moderators": ["reply_as_staff"],
}


def grant_reply_as_staff(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # The new permission exists only after post_migrate on a fresh database.
    db = schema_editor.connection.alias
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps, using=db)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.using(db).filter(name__in=GRANTS):
        group.permissions.add(
            *Permission.objects.using(db).filter(
                content_type__app_label="comments", codename__in=GRANTS[group.name]
            )
        )


def revoke_reply_as_staff(apps, schema_editor):
    db = schema_editor.connection.alias
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    view_comment = Permission.objects.using(db).filter(
        content_type__app_label="comments", codename="view_comment"
    )
    for group in Group.objects.using(db).filter(name="Editors"):
        group.permissions.remove(*view_comment)
    Permission.objects.using(db).filter(
        content_type__app_label="comments", codename="reply_as_staff"
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0006_reply_notifications'),
        ('comments', '0003_moderators_group'),
        ('articles', '0002_editors_group'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='comment',
            options={'ordering': ['created_at', 'pk'], 'permissions': [('reply_as_staff', "Can reply to readers in the newsroom's name")], 'verbose_name': 'comment', 'verbose_name_plural': 'comments'},
        ),
        migrations.AddField(
            model_name='comment',
            name='is_featured',
            field=models.BooleanField(default=False, help_text="Shown first, above the thread, with an “Editors' pick” badge.", verbose_name="editors' pick"),
        ),
        migrations.AddField(
            model_name='comment',
            name='staff_author',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='staff_comments', to=settings.AUTH_USER_MODEL, verbose_name='newsroom member'),
        ),
        migrations.RunPython(grant_reply_as_staff, revoke_reply_as_staff),
    ]
