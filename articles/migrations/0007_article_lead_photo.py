import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search"),
        ("photos", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="lead_photo",
            field=models.ForeignKey(
                blank=True,
                help_text="From the photo library: shown on the article's cards, at the top of the article with its caption and credit, and when the article is shared.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lead_of_articles",
                to="photos.photo",
                verbose_name="lead photo",
            ),
        ),
    ]
