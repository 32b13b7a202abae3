"""comments/text.py: the form texts are compared in, and which names show nothing."""

import pytest

from comments.forms import CommentForm
from comments.text import has_visible_character, matching_form
from tests.corpus import load
from tests.factories import comment_form_data, make_article

BLOCKLIST_VARIANTS = load("blocklist_variants.txt")
BLANK_NAMES = load("blank_names.txt")


@pytest.mark.parametrize("value", BLOCKLIST_VARIANTS, ids=ascii)
def test_every_disguise_of_a_word_reads_as_the_word(value):
    """Fullwidth, zero-width, entities, empty tags, look-alikes: all read "viagra"."""
    assert "viagra" in matching_form(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Casino\u00a0EN  ligne", "casino en ligne"),
        ("crème brûlée", "creme brulee"),
        # An unknown tag is shown as text by the comment policy: its word still counts.
        ("<viagra>", "viagra"),
    ],
)
def test_matching_form_folds_spaces_accents_and_keeps_words_in_tag_shapes(value, expected):
    assert expected in matching_form(value)


def test_matching_form_leaves_an_ordinary_sentence_readable():
    assert matching_form("Un avis réfléchi, merci.") == "un avis reflechi, merci."


@pytest.mark.parametrize("value", BLANK_NAMES, ids=ascii)
def test_names_made_only_of_invisible_or_blank_characters_show_nothing(value):
    assert not has_visible_character(value)


@pytest.mark.parametrize("value", ["Zoé", "\u200bZoé\u200b", "李", "🙂", "Ω"])
def test_a_name_with_one_visible_character_is_visible(value):
    assert has_visible_character(value)


@pytest.mark.django_db
@pytest.mark.parametrize("value", BLANK_NAMES, ids=ascii)
def test_the_form_refuses_a_blank_name(value):
    article = make_article()
    form = CommentForm(comment_form_data(article, author_name=value), article=article)
    assert not form.is_valid()
    assert "author_name" in form.errors
