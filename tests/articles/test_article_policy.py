"""The article policy and the editor: one configuration, removals named, legacy bodies."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.config import allowlist_from_extensions

from articles.sanitize import (
    ARTICLE_ATTRIBUTES,
    ARTICLE_EDITOR_EXTENSIONS,
    ARTICLE_EDITOR_EXTRA_ATTRIBUTES,
    ARTICLE_TAGS,
    SAFE_PROTOCOLS,
    article_removals,
    article_source_html,
    clean_article_html,
)
from tests.factories import make_category, make_editor


def test_what_the_editor_allows_is_what_the_safelist_keeps():
    """django-prose-editor's allowlist for our extensions, plus our preset's, is bleach's."""
    editor = allowlist_from_extensions(ARTICLE_EDITOR_EXTENSIONS)
    attributes = {tag: set(names) for tag, names in editor["attributes"].items()}
    for tag, names in ARTICLE_EDITOR_EXTRA_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(names)
    assert editor["tags"] == set(ARTICLE_TAGS)
    assert attributes == {tag: set(names) for tag, names in ARTICLE_ATTRIBUTES.items()}
    assert set(editor["url_schemes"]) == SAFE_PROTOCOLS


def test_the_toolbar_is_the_one_the_newsroom_asked_for():
    assert ARTICLE_EDITOR_EXTENSIONS["Heading"] == {"levels": [2, 3]}
    for name in ("Bold", "Italic", "Link", "BulletList", "OrderedList", "Blockquote"):
        assert ARTICLE_EDITOR_EXTENSIONS[name]
    for name in ("HorizontalRule", "Figure", "Image", "Caption"):
        assert ARTICLE_EDITOR_EXTENSIONS[name]
    for name in ("Table", "CodeBlock", "Underline", "TextAlign", "Color"):
        assert name not in ARTICLE_EDITOR_EXTENSIONS


EDITOR_OUTPUT = (
    "<h2>Titre</h2><h3>Sous-titre</h3><p><strong>gras</strong> <em>italique</em> "
    '<a href="https://example.org" rel="noopener noreferrer nofollow">lien</a><br>suite</p>'
    '<ul><li><p>un</p></li></ul><ol start="2" type="1"><li><p>deux</p></li></ol>'
    "<blockquote><p>citation</p></blockquote><hr>"
    '<figure class="figure"><img src="/media/photos/a.jpg" alt="Une place" width="1600" '
    'height="900" data-photo-id="4"><figcaption class="figure-caption">La place. '
    "Photo : AFP</figcaption></figure>"
)


def test_everything_the_editor_writes_survives_unchanged_and_nothing_is_reported():
    assert clean_article_html(EDITOR_OUTPUT) == EDITOR_OUTPUT
    assert article_removals(EDITOR_OUTPUT) == ([], [])


@pytest.mark.parametrize(
    ("source", "tags", "attributes"),
    [
        ('<iframe src="https://video.example/embed/1"></iframe>', ["iframe"], []),
        ('<p style="color:red">x</p>', [], ["style"]),
        ("<p><u>souligné</u></p>", ["u"], []),
        ('<p><span style="color:red">x</span></p>', ["span"], []),
        ("<div>bloc</div>", ["div"], []),
        ('<p onclick="alert(1)">x</p>', [], ["onclick"]),
        ('<p><a href="javascript:alert(1)">x</a></p>', [], ["href"]),
        ("<p>a<!-- note -->b</p>", ["!--"], []),
        ('<figure class="pleine-largeur"><img src="/a.jpg" alt=""></figure>', [], ["class"]),
        (
            '<p style="x"><u>a</u></p><iframe></iframe><table><tr><td>1</td></tr></table>',
            ["iframe", "table", "td", "tr", "u"],
            ["style"],
        ),
    ],
)
def test_removals_are_named(source, tags, attributes):
    assert article_removals(source) == (tags, attributes)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p><u>souligné</u> et <span>span</span></p>", "<p>souligné et span</p>"),
        ("<div>bloc</div>", "<p>bloc</p>"),
        ("<p>avant</p><script>alert(1)</script><p>après</p>", "<p>avant</p><p>après</p>"),
        ("<p>a</p><style>p { color: red }</style>", "<p>a</p>"),
        ('<p>a</p><iframe src="https://x.example"></iframe>', "<p>a</p>"),
        ("<p>a</p><script>alert(1)", "<p>a</p>"),
    ],
)
def test_removed_markup_keeps_its_text_but_never_code(source, expected):
    """Unlike comments, an article never shows markup as text: tags go, their text stays."""
    assert clean_article_html(source) == expected


def test_a_plain_text_body_gets_its_paragraphs_from_blank_lines():
    """WordPress-style text: blank lines are paragraphs, single newlines line breaks."""
    body = (
        "Premier paragraphe.\n\nSecond, sur\ndeux lignes.\r\n\r\n"
        "Troisième avec <strong>gras</strong>."
    )
    assert clean_article_html(body) == (
        "<p>Premier paragraphe.</p>\n\n<p>Second, sur<br>deux lignes.</p>\n\n"
        "<p>Troisième avec <strong>gras</strong>.</p>"
    )


def test_an_html_body_keeps_its_own_paragraphs():
    body = "<p>Un.</p>\n\n<p>Deux.</p>"
    assert article_source_html(body) == body


def test_plain_text_is_escaped_where_it_is_not_markup():
    assert clean_article_html("1 < 2 & 3 > 2") == "<p>1 &lt; 2 &amp; 3 &gt; 2</p>"


@pytest.mark.django_db
def test_the_admin_names_what_the_sanitiser_removed_when_saving(client):
    """Nothing is dropped silently: the save message lists the tags and attributes removed."""
    client.force_login(make_editor())
    shown = timezone.localtime()
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Avec une vidéo",
            "slug": "avec-une-video",
            "category": make_category().pk,
            "standfirst": "Chapô.",
            "body": '<p style="color:red">Texte</p><iframe src="https://v.example/1"></iframe>',
            "status": "draft",
            "published_at_0": shown.strftime("%d/%m/%Y"),
            "published_at_1": shown.strftime("%H:%M:%S"),
        },
        follow=True,
    )
    messages = [(message.level_tag, str(message)) for message in response.context["messages"]]
    assert ("warning", "Supprimé : balise iframe, attribut style") in messages


@pytest.mark.django_db
def test_a_clean_body_saves_without_a_warning(client):
    client.force_login(make_editor())
    shown = timezone.localtime()
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Propre",
            "slug": "propre",
            "category": make_category().pk,
            "standfirst": "Chapô.",
            "body": EDITOR_OUTPUT,
            "status": "draft",
            "published_at_0": shown.strftime("%d/%m/%Y"),
            "published_at_1": shown.strftime("%H:%M:%S"),
        },
        follow=True,
    )
    assert [m for m in response.context["messages"] if m.level_tag == "warning"] == []
