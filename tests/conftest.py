import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (flood control and page caches live there)."""
    cache.clear()
    yield
    cache.clear()
