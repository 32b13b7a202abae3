import pytest

from tests.browser.support import AXE_SCRIPT, axe_version
from tests.factories import make_moderator
from tests.helpers import empty_caches


def pytest_report_header(config):
    """Name the accessibility engine the browser tests run, so a log tells which rules held."""
    version = axe_version()
    return f"axe-core: {version} ({AXE_SCRIPT})" if version else "axe-core: not installed"


@pytest.fixture(scope="session", autouse=True)
def migrated_rows_snapshot(request, django_db_setup, django_db_blocker):
    """The rows the migrations made (the Editors and Moderators groups...), serialized
    before the first test runs, when a browser test is to run (they restore it).

    Taken at the very start: transactional tests (migration tests among them) flush
    the database when they end, so a snapshot taken at the first browser test could
    find those rows gone.
    """
    if not any(item.get_closest_marker("browser") for item in request.session.items):
        return {}
    from django.db import connections

    with django_db_blocker.unblock():
        return {
            connection.alias: connection.creation.serialize_db_to_string()
            for connection in connections.all()
        }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (flood control, page caches, rendered comments)."""
    empty_caches()
    yield
    empty_caches()


@pytest.fixture
def redis_down(settings):
    """The cache is a Redis that refuses connections (nothing listens on port 1)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "CONNECTION_POOL_CLASS": "newsroom.cache.CircuitBreakerPool",
            },
        },
    }


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
