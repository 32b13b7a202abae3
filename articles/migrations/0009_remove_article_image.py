from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_lead_photo_from_image")]

    operations = [
        migrations.RemoveField(model_name="article", name="image"),
        migrations.RemoveField(model_name="article", name="image_alt"),
    ]
