"""deploy/nginx/: the rendered config is valid nginx and agrees with the app.

nginx decides before the app answers whether a request may use the shared cache
(its cookie map), so that map must name exactly the cookies that make the app
render a page for one reader. Runs without nginx; `nginx -t` only when installed.
"""

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import make_article
from tests.live import BASE_DIR

_spec = importlib.util.spec_from_file_location("stack", BASE_DIR / "deploy" / "stack.py")
stack = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stack)


@pytest.fixture
def config(tmp_path):
    return stack.Config(environ={"STACK_DIR": str(tmp_path / "stack"), "STACK_PORT": "8800"})


@pytest.fixture
def site_conf(config):
    return stack.render("newsroom.conf.template", stack.site_values(config, stack.app_values()))


def nginx_personal_cookie_regex(site_conf):
    block = re.search(r"map \$http_cookie \$newsroom_personal \{(.*?)\}", site_conf, re.S).group(1)
    return re.compile(re.search(r'"~(.*)"\s+1;', block).group(1))


def test_every_placeholder_is_filled(site_conf):
    assert "{{" not in site_conf
    assert "server 127.0.0.1:8801 max_fails=1" in site_conf
    assert "server 127.0.0.1:8802 max_fails=1" in site_conf


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cookie",
    [
        "sessionid",
        "messages",
        "comments_pending",
        "comments_author",
        "csrftoken",
        "django_language",
    ],
)
def test_nginx_and_the_app_agree_on_which_cookies_make_a_page_personal(site_conf, cookie):
    """The app answers `private` exactly when nginx's map bypasses the cache."""
    article = make_article()
    client = Client()
    client.cookies[cookie] = "fr"
    response = client.get(article.get_absolute_url())
    app_says_personal = "private" in response["Cache-Control"]
    header = f"theme=dark; {cookie}=fr"
    assert bool(nginx_personal_cookie_regex(site_conf).search(header)) is app_says_personal


def test_a_template_name_without_a_value_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "broken.template").write_text("listen {{NOWHERE}};")
    monkeypatch.setattr(stack, "TEMPLATES", tmp_path)
    with pytest.raises(stack.StackError, match="NOWHERE"):
        stack.render("broken.template", {})


@pytest.mark.skipif(
    not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is not installed",
)
def test_nginx_accepts_the_rendered_stack_config(config):
    """`nginx -t` on both files, cache purge module included."""
    config.log_dir.mkdir(parents=True)
    config.run_dir.mkdir(parents=True)
    stack.write_configs(config, stack.app_values())
    main = (config.nginx_dir / "nginx.conf").read_text()
    assert "daemon off;" in main
    nginx = next(service for service in stack.services(config) if service.name == "nginx")
    result = subprocess.run([*nginx.argv, "-t"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
