"""Library photos inside an article body: the picker's figure survives the safelist and
is shown through the photo's renditions."""

import pytest
from django.template import Context, Template
from django.utils.html import escape

from articles.sanitize import clean_article_html
from tests.factories import make_photo
from tests.html import parse

pytestmark = pytest.mark.django_db


def figure(photo, alt=None):
    """The markup the editor's figure button inserts (PhotoAdmin.picker_view's contract)."""
    return (
        f'<figure><img src="{photo.file.url}" alt="{photo.alt if alt is None else alt}" '
        f'width="{photo.width}" height="{photo.height}" data-photo-id="{photo.pk}">'
        f"<figcaption>{photo.caption} Photo : {photo.credit}</figcaption></figure>"
    )


def show(html):
    return Template("{% load photos %}{{ html|photo_figures }}").render(Context({"html": html}))


def test_the_article_safelist_keeps_the_pickers_figure():
    photo = make_photo()
    cleaned = clean_article_html(figure(photo))
    document = parse(cleaned)
    image = document.find(".//figure/img")
    assert image.get("data-photo-id") == str(photo.pk)
    assert (image.get("width"), image.get("height"), image.get("alt")) == (
        str(photo.width), str(photo.height), photo.alt
    )  # fmt: skip
    assert document.find(".//figure/figcaption") is not None


def test_a_body_figure_is_shown_through_the_photos_renditions(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        photo = make_photo(size=(640, 427))
    body = clean_article_html("<p>Avant.</p>" + figure(photo) + "<p>Après.</p>")
    document = parse(show(body))
    picture = document.find(".//figure/picture")
    assert picture is not None
    assert [s.get("type") for s in picture.findall("source")] == ["image/avif", "image/webp"]
    image = picture.find("img")
    assert image.get("loading") == "lazy"
    assert image.get("srcset")
    assert image.get("sizes")
    assert image.get("width") == "600"
    assert image.get("alt") == photo.alt
    assert "Photo : Jeanne Martin" in "".join(document.find(".//figcaption").itertext())
    assert [p.text for p in document.findall(".//p")] == ["Avant.", "Après."]


def test_the_alt_written_in_the_body_wins_and_is_escaped():
    photo = make_photo()
    body = clean_article_html(figure(photo, alt=escape('Le "maire" <b>ici</b> > 2 "')))
    assert "data-photo-id" in body
    image = parse(show(body)).find(".//figure/img")
    assert image.get("alt") == 'Le "maire" <b>ici</b> > 2 "'


def test_images_without_a_library_photo_are_left_as_written():
    body = clean_article_html(
        '<p><img src="/media/x.jpg" alt="x" width="10" height="10"></p>'
        '<p><img src="/media/y.jpg" alt="y" data-photo-id="999999"></p>'
    )
    assert show(body) == body


def test_one_query_loads_every_photo_of_a_body(django_assert_num_queries):
    photos = [make_photo() for _ in range(3)]
    body = clean_article_html("".join(figure(photo) for photo in photos))
    with django_assert_num_queries(1):
        document = parse(show(body))
    assert len(document.findall(".//figure/img")) == 3
