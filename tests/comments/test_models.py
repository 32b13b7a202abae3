"""The Comment model: what the reader wrote in ``body``, its sanitised HTML in ``body_html``."""

import pytest

from comments.models import Comment
from tests.factories import make_comment

pytestmark = pytest.mark.django_db

COMMENT_BODY = "Ligne un\nLigne deux <i>fin</i> &lt;b&gt;\n<script>x()</script>"


def test_the_body_is_kept_as_written_and_the_html_sanitised():
    comment = make_comment(body=COMMENT_BODY)
    comment.refresh_from_db()
    assert comment.body == COMMENT_BODY
    assert comment.body_html == (
        "Ligne un<br>\nLigne deux <i>fin</i> &lt;b&gt;<br>\n&lt;script&gt;x()&lt;/script&gt;"
    )


@pytest.mark.parametrize(
    "load",
    [
        pytest.param(lambda rows: rows, id="whole row"),
        pytest.param(lambda rows: rows.defer("body"), id="defer body"),
        pytest.param(lambda rows: rows.defer("body_html"), id="defer body_html"),
        pytest.param(lambda rows: rows.only("pk", "status", "article"), id="only status"),
        pytest.param(lambda rows: rows.only("pk", "body", "article"), id="only body"),
    ],
)
def test_saving_again_however_loaded_changes_nothing(load):
    """No doubled <br> and no double escaping, whatever was loaded before the save."""
    comment = make_comment(body=COMMENT_BODY)
    before = Comment.objects.values("body", "body_html").get(pk=comment.pk)
    for _ in range(2):
        load(Comment.objects.filter(pk=comment.pk)).get().save()
    after = Comment.objects.values("body", "body_html").get(pk=comment.pk)
    assert after == before
    assert after["body_html"].count("<br>") == 2
