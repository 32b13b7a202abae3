import pytest
from django.core.cache import cache

from tests.factories import make_moderator


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (flood control and page caches live there)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded files and photo renditions land in a fresh folder, never in the repo's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def moderator(db):
    """A staff user in the Moderators group created by the comments migration."""
    return make_moderator()


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
