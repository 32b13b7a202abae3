"""Each article's ``image`` (and ``image_alt``) becomes a library photo, its ``lead_photo``.

The stored file goes through the photo upload policy (``photos.images``): a file
that is not a readable photo is left where it is and reported, never a failed
migration. The new photo is re-encoded without metadata (a GPS position in the
old file must not stay public), named at random under photos/; the old file is
deleted once the migration has committed. Alt text: the old ``image_alt``, or the
article's title when it had none (a photo must have one; editors can improve it).
Renditions are enqueued as for any upload.

Backwards, ``image`` points at the photo's file and ``image_alt`` takes its alt.
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import migrations, transaction

from photos.images import clean_upload


def images_to_photos(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Photo = apps.get_model("photos", "Photo")
    db = schema_editor.connection.alias
    moved = []
    for article in Article.objects.using(db).exclude(image="").order_by("pk"):
        name = article.image.name
        try:
            with default_storage.open(name) as stored:
                clean = clean_upload(stored)
        except (OSError, ValidationError) as error:
            print(f"\n  article {article.pk}: image {name!r} left as it was ({error})")
            continue
        photo = Photo(
            alt=(article.image_alt or article.title)[:250],
            uploaded_by_id=article.author_id,
        )
        photo.file.save(clean.content.name, clean.content, save=False)
        photo.save(using=db)
        Article.objects.using(db).filter(pk=article.pk).update(lead_photo=photo)
        moved.append(name)
    if moved:
        transaction.on_commit(
            lambda: [default_storage.delete(name) for name in moved], using=db, robust=True
        )


def photos_to_images(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    db = schema_editor.connection.alias
    for article in Article.objects.using(db).exclude(lead_photo=None).select_related("lead_photo"):
        Article.objects.using(db).filter(pk=article.pk).update(
            image=article.lead_photo.file.name, image_alt=article.lead_photo.alt
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_article_lead_photo")]

    operations = [migrations.RunPython(images_to_photos, photos_to_images)]
