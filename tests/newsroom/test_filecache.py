"""The file cache of a site without Redis (newsroom/filecache.py)."""

import pytest

from newsroom.filecache import FileCache

MAX_ENTRIES = 9
CULL_EVERY_WRITES = 4


def file_cache(folder, *, cull_every_writes=CULL_EVERY_WRITES):
    options = {"MAX_ENTRIES": MAX_ENTRIES, "CULL_EVERY_WRITES": cull_every_writes}
    return FileCache(str(folder), {"OPTIONS": options, "TIMEOUT": 60})


def entries(folder):
    return len(list(folder.glob("*.djcache")))


def test_values_are_kept_and_shared_by_every_instance_on_the_folder(tmp_path):
    """Another instance (another thread or process) reads what one wrote."""
    file_cache(tmp_path).set("menu", {"categories": ["Monde", "Sport"]})
    assert file_cache(tmp_path).get("menu") == {"categories": ["Monde", "Sport"]}
    assert file_cache(tmp_path).add("menu", "other") is False


def test_the_folder_is_not_counted_before_every_write(tmp_path):
    """Between two counts a write never lists the folder: it may pass MAX_ENTRIES."""
    cache = file_cache(tmp_path)
    for number in range(MAX_ENTRIES + 1):
        cache.set(f"key-{number}", number)
    # Django's own file cache would have culled before the tenth write.
    assert entries(tmp_path) == MAX_ENTRIES + 1


@pytest.mark.parametrize("cull_every_writes", [1, CULL_EVERY_WRITES])
def test_the_folder_is_culled_as_django_does_when_counted(tmp_path, cull_every_writes):
    """Past MAX_ENTRIES, a counted write drops a third of the files; the overshoot is bounded."""
    cache = file_cache(tmp_path, cull_every_writes=cull_every_writes)
    largest = 0
    for number in range(60):
        cache.set(f"key-{number}", number)
        largest = max(largest, entries(tmp_path))
    assert largest <= MAX_ENTRIES + cull_every_writes
    assert entries(tmp_path) < 60 - 40
    assert cache.get("key-59") == 59


def test_threads_of_one_process_share_the_count(tmp_path):
    """A new instance (Django makes one per thread) does not count on its first write."""
    for number in range(MAX_ENTRIES + 2):
        file_cache(tmp_path).set(f"key-{number}", number)
    assert entries(tmp_path) == MAX_ENTRIES + 2
