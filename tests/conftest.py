import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: with REDIS_URL set it outlives the process."""
    cache.clear()
