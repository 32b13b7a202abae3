"""The body/body_html migrations (articles 0005, comments 0004): rows move without loss."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0004_author_profiles_for_staff"), ("comments", "0003_moderators_group")]
AFTER = [("articles", "0005_body_html"), ("comments", "0004_body_html")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_rows(transactional_db):
    """Rows as the old schema held them: sanitised HTML in body, the typed text in body_source."""
    apps = migrate(BEFORE)
    Category = apps.get_model("articles", "Category")
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    category = Category.objects.create(name="Société", slug="societe")
    typed = Article.objects.create(
        title="Écrit",
        slug="ecrit",
        category=category,
        standfirst="Chapô",
        body="<p>texte</p>&lt;script&gt;",
        body_source="<p>texte</p><script>",
    )
    loaded = Article.objects.create(
        title="Chargé", slug="charge", category=category, standfirst="Chapô", body="<p>seul</p>"
    )
    comment = Comment.objects.create(
        article=typed,
        author_name="Zoé",
        author_email="zoe@example.net",
        body="Un<br>\ndeux",
        body_source="Un\ndeux",
    )
    yield {"typed": typed.pk, "loaded": loaded.pk, "comment": comment.pk}
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_forwards_body_is_the_text_written_and_body_html_its_rendering(old_rows):
    apps = migrate(AFTER)
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    typed = Article.objects.get(pk=old_rows["typed"])
    # body_html follows today's policy, which removes a script whole.
    assert (typed.body, typed.body_html) == ("<p>texte</p><script>", "<p>texte</p>")
    # A row without a source (loaddata) keeps the only text it had.
    loaded = Article.objects.get(pk=old_rows["loaded"])
    assert (loaded.body, loaded.body_html) == ("<p>seul</p>", "<p>seul</p>")
    comment = Comment.objects.get(pk=old_rows["comment"])
    assert (comment.body, comment.body_html) == ("Un\ndeux", "Un<br>\ndeux")


def test_backwards_restores_the_old_columns(old_rows):
    migrate(AFTER)
    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    typed = Article.objects.get(pk=old_rows["typed"])
    assert (typed.body, typed.body_source) == ("<p>texte</p>", "<p>texte</p><script>")
    comment = Comment.objects.get(pk=old_rows["comment"])
    assert (comment.body, comment.body_source) == ("Un<br>\ndeux", "Un\ndeux")
