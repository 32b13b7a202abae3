"""articles 0007-0009: each article's old ``image``/``image_alt`` becomes its ``lead_photo``."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.photos import samples

BEFORE = [("articles", "0006_search"), ("photos", "0002_rendition_widths")]
AFTER = [("articles", "0009_remove_article_image")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_rows(transactional_db):
    """Articles as the old schema held them: a lead image with GPS, a lost file, none."""
    apps = migrate(BEFORE)
    Category = apps.get_model("articles", "Category")
    Article = apps.get_model("articles", "Article")
    category = Category.objects.create(name="Sciences", slug="sciences")
    stored = default_storage.save(
        "articles/2026/11/glacier.jpg", ContentFile(samples.encode("JPEG"))
    )

    def article(slug, **fields):
        return Article.objects.create(
            title=slug.capitalize(), slug=slug, category=category, standfirst="Chapô", body="x",
            **fields,
        ).pk  # fmt: skip

    rows = {
        "with_alt": article("glacier", image=stored, image_alt="Un glacier vu du ciel"),
        "without_alt": article("sommet", image=stored),
        "lost": article("perdu", image="articles/2026/11/absent.jpg", image_alt="Perdu"),
        "none": article("texte"),
        "stored": stored,
    }
    yield rows
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_images_become_clean_library_photos_with_their_alt_text(old_rows):
    apps = migrate(AFTER)
    Article = apps.get_model("articles", "Article")
    photo = Article.objects.get(pk=old_rows["with_alt"]).lead_photo
    assert photo.alt == "Un glacier vu du ciel"
    assert photo.file.name.startswith("photos/")
    assert (photo.width, photo.height) == (40, 80)  # upright now
    with default_storage.open(photo.file.name) as stored:
        data = stored.read()
    assert all(leak not in data for leak in samples.LEAKS)
    # Without an alt text, the article's title stands in until an editor writes one.
    assert Article.objects.get(pk=old_rows["without_alt"]).lead_photo.alt == "Sommet"
    # The old file (with its GPS position) is gone once the migration committed.
    assert not default_storage.exists(old_rows["stored"])


def test_a_missing_file_leaves_the_article_without_a_photo(old_rows):
    apps = migrate(AFTER)
    Article = apps.get_model("articles", "Article")
    assert Article.objects.get(pk=old_rows["lost"]).lead_photo is None
    assert Article.objects.get(pk=old_rows["none"]).lead_photo is None
    assert apps.get_model("photos", "Photo").objects.count() == 2


def test_backwards_points_the_image_at_the_photo(old_rows):
    migrate(AFTER)
    photo_file = (
        migrate(AFTER).get_model("articles", "Article").objects.get(pk=old_rows["with_alt"])
    ).lead_photo.file.name
    apps = migrate(BEFORE)
    article = apps.get_model("articles", "Article").objects.get(pk=old_rows["with_alt"])
    assert (article.image.name, article.image_alt) == (photo_file, "Un glacier vu du ciel")
