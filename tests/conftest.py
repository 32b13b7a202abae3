import pytest
from django.core.cache import cache

from tests.browser.support import AXE_SCRIPT, axe_version
from tests.factories import make_moderator


def pytest_report_header(config):
    """Name the accessibility engine the browser tests run, so a log tells which rules held."""
    version = axe_version()
    return f"axe-core: {version} ({AXE_SCRIPT})" if version else "axe-core: not installed"


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
