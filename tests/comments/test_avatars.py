"""Avatars: initials from the name's words, letters only (comments_tags.initials)."""

import pytest

from comments.templatetags.comments_tags import initials


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Claire Dumas (rédaction)", "CD"),
        ("Claire Dumas [modératrice]", "CD"),
        ("jean-pierre martin", "JM"),
        ("Élise", "É"),
        ("« Élise Reclus »", "ÉR"),
        ("🙂 Marie Curie", "MC"),
        ("@bob 42 Lee", "BL"),
        ("\u3164 Bob", "B"),
        ("\uff46\uff55\uff4c\uff4c \uff37\uff49\uff44\uff54\uff48", "FW"),
        ("(Anne)", "A"),
        ("1234", "?"),
        ("", "?"),
    ],
)
def test_initials_come_from_the_name_words_letters_only(name, expected):
    assert initials(name) == expected
