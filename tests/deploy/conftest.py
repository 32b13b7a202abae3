import pytest


def pytest_collection_modifyitems(config, items):
    """Stack tests run only when asked for (`pytest -m stack`): they start a dozen processes."""
    if "stack" in (config.getoption("markexpr") or "").replace("not stack", ""):
        return
    skip = pytest.mark.skip(reason="the whole stack runs with `pytest -m stack`")
    for item in items:
        if item.get_closest_marker("stack"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The stack's Redis is not the suite's cache: leave it alone (overrides tests/conftest.py)."""
    return
