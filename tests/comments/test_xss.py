"""Nothing a reader types runs in another reader's browser.

The public XSS corpus is posted through the real form as body, name and
website, every stored comment is approved, and the article page is parsed
the way a browser parses it. The assertions state the rule (what may appear
on the page), not a list of known payloads.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.forms import CommentForm
from comments.models import Comment
from comments.services import comment_create
from tests.corpus import load_text
from tests.factories import comment_form_data, make_article, make_comment
from tests.html import by_id, comment_pages, parse, text

pytestmark = pytest.mark.django_db

XSS = load_text("xss_public.txt")
SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "srcset", "poster", "data", "background",
    "cite", "longdesc", "ping", "xlink:href", "{http://www.w3.org/1999/xlink}href",
}  # fmt: skip
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "svg", "math", "frame", "frameset", "base"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
STRIPPED_BY_BROWSERS = re.compile(r"[\t\n\r]")


def url_scheme(value):
    """The scheme a browser would follow, after the clean-up browsers apply to URLs."""
    value = STRIPPED_BY_BROWSERS.sub("", value).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08"
        "\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14"
        "\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
        "\x1e\x1f "
    )
    match = SCHEME.match(value)
    return match.group(1).lower() if match else None


def local_name(tag):
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def violations(markup, static_url="/static/"):
    """Every way the page could run script or load active content; empty when safe."""
    found = []
    document = parse(markup)
    for element in document.iter():
        name = local_name(element.tag)
        if not name:
            continue
        namespace = element.tag[1:].split("}")[0] if element.tag.startswith("{") else ""
        if namespace and namespace != "http://www.w3.org/1999/xhtml":
            found.append(f"foreign element {element.tag}")
        if name in FORBIDDEN_ELEMENTS:
            found.append(f"<{name}>")
        if name == "script":
            src = element.get("src", "")
            if not src.startswith(static_url) or "".join(element.itertext()).strip():
                found.append(f"script element src={src!r}")
        if name == "meta" and element.get("http-equiv"):
            found.append("meta http-equiv")
        for attribute, value in element.attrib.items():
            attribute_name = local_name(attribute)
            if attribute_name.startswith("on"):
                found.append(f"{attribute_name} attribute on <{name}>")
            if attribute_name == "style":
                found.append(f"style attribute on <{name}>")
            if attribute in URL_ATTRIBUTES or attribute_name in URL_ATTRIBUTES:
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    found.append(f"{attribute_name}={value!r} on <{name}>")
    return found


def assert_every_comment_page_is_inert(client, article, expected):
    """All ``expected`` comments are shown across the article's comment pages, each page inert."""
    shown = 0
    for response, _document in comment_pages(client, article.get_absolute_url()):
        shown += response.text.count('class="comment__inner"')
        assert violations(response.text) == [], response.request["QUERY_STRING"]
    assert shown == expected


def post_corpus_over_http(article, field_name):
    """Through the posting view, as a browser would send it."""
    client = Client()
    url = reverse("comments:post", kwargs={"slug": article.slug})
    stored = 0
    for value in XSS:
        response = client.post(url, comment_form_data(article, **{field_name: value}))
        # Accepted: to the comment's anchor; refused: back to the article's form.
        assert response.status_code == 302
        stored += "#comment-" in response["Location"]
    return stored


def post_corpus_through_form(article, field_name):
    """Through the same form and service as the view, without rendering each refusal page."""
    stored = 0
    for value in XSS:
        form = CommentForm(comment_form_data(article, **{field_name: value}), article=article)
        if not form.is_valid():
            continue
        data = form.cleaned_data
        comment_create(
            article=article,
            parent=None,
            author_name=data["author_name"],
            author_email=data["author_email"],
            author_url=data["author_url"],
            body=data["body"],
            ip_address="127.0.0.1",
        )
        stored += 1
    return stored


@pytest.mark.parametrize(
    ("field_name", "minimum_stored", "post"),
    [
        ("body", 900, post_corpus_over_http),
        ("author_name", 500, post_corpus_through_form),
        ("author_url", 1, post_corpus_through_form),
    ],
)
def test_xss_corpus_posted_and_approved_never_yields_active_content(
    client, settings, field_name, minimum_stored, post
):
    settings.COMMENTS_MAX_LINKS = 1000
    # One client posts the whole corpus: the hourly cap per sender is not under test.
    settings.COMMENTS_MAX_PER_HOUR = 0
    article = make_article()
    stored = post(article, field_name)
    assert stored >= minimum_stored, f"only {stored} {field_name} values were stored"
    assert Comment.objects.filter(article=article).update(status="approved") == stored

    assert_every_comment_page_is_inert(client, article, stored)


@pytest.mark.parametrize("field_name", ["author_name", "author_url"])
def test_corpus_stored_without_the_form_is_still_rendered_inert(client, field_name):
    """Defence in depth: values that skipped the form (admin, imports) are escaped or unlinked."""
    article = make_article()
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name="Lecteur" if field_name == "author_url" else value[:100],
            author_email="lecteur@example.net",
            author_url=value[:500] if field_name == "author_url" else "",
            body="texte",
            body_html="texte",
            status=Comment.Status.APPROVED,
        )
        for value in XSS
    )
    assert_every_comment_page_is_inert(client, article, len(XSS))


def test_the_rule_catches_active_content():
    """The checker itself fails on each kind of violation it claims to find."""
    bad = [
        "<script>alert(1)</script>",
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        '<img src="data:image/svg+xml,x">',
        '<b onmouseover="alert(1)">x</b>',
        '<p style="color:red">x</p>',
        "<svg><circle/></svg>",
        "<math><mi>x</mi></math>",
        '<iframe src="https://example.com"></iframe>',
        "<object data='x'></object>",
        "<embed src='x'>",
        '<form action="vbscript:x"></form>',
    ]
    for markup in bad:
        assert violations(f"<!DOCTYPE html><body>{markup}</body>"), markup
    assert violations('<body><a href="https://ok.example/">x</a><a href="#c">y</a></body>') == []


@pytest.mark.parametrize(
    ("author_name", "author_url"),
    [
        ("Ève", 'https://e.example/"onmouseover="alert(1)'),
        ('Ève" onmouseover="alert(1)', ""),
        ("Ève' autofocus onfocus='alert(1)", "https://e.example/'onfocus='alert(1)"),
    ],
)
def test_an_approved_name_or_website_with_quotes_stays_inside_its_attribute(
    client, author_name, author_url
):
    """Stored without the form (older data, imports), quotes never open a new attribute.

    The website is the link's whole ``href``; the name is the text and the whole
    ``aria-label`` of the reply link, exactly as stored.
    """
    article = make_article()
    comment = make_comment(
        article=article, status="approved", author_name=author_name, author_url=author_url
    )
    page = client.get(article.get_absolute_url()).text
    assert violations(page) == []
    item = by_id(parse(page), f"comment-{comment.pk}")
    if author_url:
        (website,) = [link for link in item.iter("a") if link.get("rel") == "nofollow ugc"]
        assert website.get("href") == author_url
        assert text(website) == author_name
    (reply,) = [b for b in item.iter("button") if b.get("class") == "comment__reply"]
    assert reply.get("aria-label").endswith(author_name)
