"""Full-text search (articles/search.py): one index per database back end.

PostgreSQL: the ``unaccent`` extension, a ``french_unaccent`` text search
configuration (French stemming after unaccent), ``Article.search_vector`` with
a GIN index, filled for the existing articles. Creating an extension needs a
role allowed to (the database owner on PostgreSQL 13+ for trusted ones such as
unaccent, a superuser otherwise).

SQLite: the FTS5 table ``articles_search`` (case and accents folded), filled
for the existing articles. ``search_vector`` is an unused, empty column there.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

from articles.search import plain_text

POSTGRES_CONFIG = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = pg_catalog.french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""

POSTGRES_FILL = """
UPDATE articles_article SET search_vector =
    setweight(to_tsvector('french_unaccent', coalesce(title, '')), 'A')
    || setweight(to_tsvector('french_unaccent', coalesce(standfirst, '')), 'B')
    || setweight(to_tsvector('french_unaccent', coalesce(body_html, '')), 'C');
"""

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search USING fts5("
    "title, standfirst, body, tokenize = 'unicode61 remove_diacritics 2')"
)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_CONFIG)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TABLE)


def fill_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FILL)
    elif vendor == "sqlite":
        Article = apps.get_model("articles", "Article")
        rows = Article.objects.using(schema_editor.connection.alias).values_list(
            "pk", "title", "standfirst", "body_html"
        )
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO articles_search (rowid, title, standfirst, body) VALUES (%s, %s, %s, %s)",
                [(pk, title, standfirst, plain_text(body)) for pk, title, standfirst, body in rows],
            )


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS articles_search")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_body_html"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_index, drop_index),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="article",
            index=GinIndex(fields=["search_vector"], name="articles_search_vector_gin"),
        ),
        migrations.RunPython(fill_index, migrations.RunPython.noop),
    ]
