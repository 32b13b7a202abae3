"""`manage.py resanitize`: every stored comment and article rebuilt from what its author typed."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def test_resanitize_rebuilds_bodies_from_their_source():
    """A body stored under an older, laxer policy is cleaned by the current one."""
    comment = make_comment(body="<b>gras</b> <script>x</script>")
    article = make_article(body="<p>texte</p>")
    Comment.objects.filter(pk=comment.pk).update(body="<b>gras</b> <script>x</script>")
    Article.objects.filter(pk=article.pk).update(body='<p onclick="x()">texte</p>')

    out = StringIO()
    call_command("resanitize", stdout=out)

    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.body == "<b>gras</b> &lt;script&gt;x&lt;/script&gt;"
    assert comment.body_source == "<b>gras</b> <script>x</script>"
    assert article.body == "<p>texte</p>"
    assert "1 updated" in out.getvalue()


def test_resanitize_leaves_clean_rows_alone():
    make_comment(body="<em>déjà propre</em>")
    out = StringIO()
    call_command("resanitize", stdout=out)
    assert "comments.Comment: 1 checked, 0 updated" in out.getvalue()


def test_resanitize_adopts_the_body_of_rows_without_a_source():
    """Rows loaded with loaddata skip save(): their body becomes the source first."""
    comment = make_comment(body="texte")
    Comment.objects.filter(pk=comment.pk).update(body="<i>x</i><img src=x>", body_source="")
    call_command("resanitize", stdout=StringIO())
    comment.refresh_from_db()
    assert comment.body_source == "<i>x</i><img src=x>"
    assert comment.body == "<i>x</i>&lt;img src=x&gt;"


def test_dry_run_writes_nothing():
    comment = make_comment(body="<b>x</b>")
    Comment.objects.filter(pk=comment.pk).update(body="<script>x</script>")
    out = StringIO()
    call_command("resanitize", "--dry-run", stdout=out)
    comment.refresh_from_db()
    assert comment.body == "<script>x</script>"
    assert "1 would change" in out.getvalue()
