"""`manage.py resanitize`: every stored comment and article rebuilt from what its author wrote."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def test_resanitize_rebuilds_the_html_from_the_body():
    """HTML stored under an older, laxer policy is cleaned by the current one."""
    comment = make_comment(body="<b>gras</b> <script>x</script>")
    article = make_article(body='<p onclick="x()">texte</p>')
    Comment.objects.filter(pk=comment.pk).update(body_html="<b>gras</b> <script>x</script>")
    Article.objects.filter(pk=article.pk).update(body_html='<p onclick="x()">texte</p>')

    out = StringIO()
    call_command("resanitize", stdout=out)

    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.body_html == "<b>gras</b> &lt;script&gt;x&lt;/script&gt;"
    assert comment.body == "<b>gras</b> <script>x</script>"
    assert article.body_html == "<p>texte</p>"
    assert article.body == '<p onclick="x()">texte</p>'
    assert "comments.Comment: 1 checked, 1 updated" in out.getvalue()
    assert "articles.Article: 2 checked, 1 updated" in out.getvalue()  # and the comment's


def test_resanitize_leaves_clean_rows_alone():
    make_comment(body="<em>déjà propre</em>")
    out = StringIO()
    call_command("resanitize", stdout=out)
    assert "comments.Comment: 1 checked, 0 updated" in out.getvalue()


def test_resanitize_fills_rows_stored_without_save():
    """Rows loaded with loaddata or bulk_create skip save(): their HTML is built here."""
    comment = make_comment(body="texte")
    Comment.objects.filter(pk=comment.pk).update(body="<i>x</i><img src=x>", body_html="")
    call_command("resanitize", stdout=StringIO())
    comment.refresh_from_db()
    assert comment.body == "<i>x</i><img src=x>"
    assert comment.body_html == "<i>x</i>&lt;img src=x&gt;"


def test_dry_run_writes_nothing():
    comment = make_comment(body="<b>x</b>")
    Comment.objects.filter(pk=comment.pk).update(body_html="<script>x</script>")
    out = StringIO()
    call_command("resanitize", "--dry-run", stdout=out)
    comment.refresh_from_db()
    assert comment.body_html == "<script>x</script>"
    assert "1 would change" in out.getvalue()
