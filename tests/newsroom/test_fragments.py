"""newsroom.fragments: keys made of what a fragment shows, in every language and time zone."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from newsroom.fragments import FragmentBatch, FragmentKeys, fragment_key


def test_the_same_values_make_the_same_key():
    when = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert fragment_key("comment", ["Claire", 3, True, None, when]) == fragment_key(
        "comment", ["Claire", 3, True, None, when]
    )


def test_each_language_and_time_zone_has_its_own_key():
    with translation.override("fr"):
        french = fragment_key("comment", ["Claire"])
    with translation.override("en"):
        english = fragment_key("comment", ["Claire"])
    with translation.override("fr"), timezone.override("America/Montreal"):
        elsewhere = fragment_key("comment", ["Claire"])
    assert len({french, english, elsewhere}) == 3


@pytest.mark.parametrize(
    "value", [gettext_lazy("Reply"), object(), ["a", object()], {"name": gettext_lazy("Reply")}]
)
def test_a_value_that_is_not_plain_is_refused(value):
    """Hashed by its address, it would make a new key in every process and request."""
    with pytest.raises(TypeError, match="fragment key"):
        fragment_key("comment", [value])


def test_lists_and_dicts_of_plain_values_make_keys_by_their_content():
    menu = [{"pk": 1, "name": "Sciences"}]
    assert fragment_key("menu", [menu]) == fragment_key("menu", [[{"pk": 1, "name": "Sciences"}]])
    assert fragment_key("menu", [menu]) != fragment_key("menu", [[{"pk": 1, "name": "Climat"}]])


def test_keys_with_shared_values_are_the_keys_of_all_the_values():
    """A thread hashes its own values once; each comment's key is still of everything."""
    keys = FragmentKeys("comment", ["fr", 2, True])
    assert keys.key(["Claire", 3]) == fragment_key("comment", ["fr", 2, True, "Claire", 3])
    assert keys.key(["Claire", 3]) != keys.key(["Claire", 4])


@pytest.mark.parametrize(
    ("first", "second"),
    [([1, 23], [12, 3]), (["ab", "c"], ["a", "bc"]), ([("a", "b")], ["a", "b"]), (["1"], [1])],
)
def test_values_cannot_run_into_one_another(first, second):
    """Where one value ends and the next begins is part of the key."""
    assert fragment_key("comment", first) != fragment_key("comment", second)


def test_a_batch_gives_back_what_an_earlier_batch_stored():
    key = fragment_key("comment", ["Claire"])
    first = FragmentBatch()
    first.fetch([key])
    assert first.get(key) is None
    first.set(key, "<p>Claire</p>")
    first.save()
    second = FragmentBatch()
    second.fetch([key])
    assert second.get(key) == "<p>Claire</p>"
