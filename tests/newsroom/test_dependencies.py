"""Dependencies run one way: comments -> articles -> newsroom.

``articles`` and ``newsroom`` never import ``comments``: the article page pulls
the comment section in through the comments app's template tags, as
django-contrib-comments does. The imports are read with ``ast`` from every
Python file of the two packages (migrations included), so an import inside a
function, a relative import or a model looked up by name is found as well as a
top-level ``import``. Naming an app in the project's wiring (``INSTALLED_APPS``,
``include("comments.urls")``, a view's dotted path in a setting) is not an import.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = "comments"
# Calls that import a module or look a model up by a dotted name given as a string.
BY_NAME = {"get_model", "import_module", "import_string", "__import__"}


def is_forbidden(module):
    return module == FORBIDDEN or module.startswith(FORBIDDEN + ".")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(node, path):
    """The absolute module an ``ImportFrom`` names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def call_name(func):
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def forbidden_imports(path):
    """``(line, what)`` for every way this file reaches the comments app."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names if is_forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom):
            module = resolve(node, path)
            if is_forbidden(module):
                found.append((node.lineno, f"from {module} import ..."))
        elif isinstance(node, ast.Call) and call_name(node.func) in BY_NAME and node.args:
            first = node.args[0]
            if (
                isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and is_forbidden(first.value)
            ):
                found.append((node.lineno, f"{call_name(node.func)}({first.value!r}, ...)"))
    return found


def python_files(package):
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ["articles", "newsroom"])
def test_package_never_imports_comments(package):
    files = python_files(package)
    assert files, f"no Python file found under {package}/"
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in files
        for line, what in forbidden_imports(path)
    ]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "import comments",
        "import comments.models as m",
        "from comments.selectors import comment_section",
        "from comments import moderation",
        "def f():\n    from comments.cookies import has_personal_comment_state",
        "from django.apps import apps\nComment = apps.get_model('comments', 'Comment')",
        "from django.apps import apps\nComment = apps.get_model('comments.Comment')",
        "import importlib\nimportlib.import_module('comments.views')",
    ],
)
def test_the_checker_finds_every_kind_of_import(tmp_path, source):
    """The checker itself fails on each way of reaching the comments app."""
    path = tmp_path / "module.py"
    path.write_text(source)
    assert forbidden_imports(path) != []


@pytest.mark.parametrize(
    "source",
    [
        "import commentary",
        "from articles.models import Article",
        "path('commentaires/', include('comments.urls'))",
        "INSTALLED_APPS = ['articles', 'comments']",
    ],
)
def test_the_checker_leaves_other_modules_and_wiring_alone(tmp_path, source):
    path = tmp_path / "module.py"
    path.write_text(source)
    assert forbidden_imports(path) == []
