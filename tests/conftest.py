import pytest

from tests.factories import make_moderator


@pytest.fixture
def moderator(db):
    """A staff user in the Moderators group created by the comments migration."""
    return make_moderator()


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
