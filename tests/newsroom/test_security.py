"""Security headers, cookie flags and admin login throttling, as the suite's
production-like settings (DEBUG off) serve them."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from newsroom.client_ip import client_ip
from tests.factories import make_article, make_user

PASSWORD = "a-strong-test-password"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Dozens of logins here: hash with something quick (the check is what matters)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def public_urls(db):
    article = make_article()
    return ["/", article.get_absolute_url(), article.category.get_absolute_url(), "/healthz"]


@pytest.mark.django_db
def test_every_public_page_sends_the_security_headers(client, public_urls):
    """CSP, HSTS, nosniff, Referrer-Policy, COOP and frame denial on every page."""
    for url in public_urls:
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "includeSubDomains" in response.headers["Strict-Transport-Security"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "Content-Security-Policy" in response.headers, url


@pytest.mark.django_db
def test_content_security_policy_allows_no_inline_or_eval_script(client, public_urls):
    """Scripts come from our own origin only: no unsafe-inline, no unsafe-eval."""
    for url in public_urls:
        directives = csp_directives(client.get(url, secure=True))
        script_src = directives.get("script-src", directives["default-src"])
        assert script_src == ["'self'"], url
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        for values in directives.values():
            assert "'unsafe-eval'" not in values
        assert "'unsafe-inline'" not in script_src


@pytest.mark.django_db
def test_csrf_cookie_is_secure_httponly_and_lax(client):
    """The CSRF cookie never travels in clear, is out of scripts' reach, and stays same-site."""
    response = client.get(reverse("admin:login"), secure=True)
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_session_cookie_is_secure_httponly_and_lax(client):
    """Logging in sets a session cookie with the same three flags."""
    make_user(username="editor", password=PASSWORD, is_staff=True)
    response = client.post(
        reverse("admin:login"), {"username": "editor", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def admin_login(client, username, password, ip, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        secure=True,
        **extra,
    )


def fail_until_locked(client, username, ip, **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = admin_login(client, username, "wrong-password", ip, **extra)
        assert response.status_code in {200, 429}


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client):
    """After AXES_FAILURE_LIMIT wrong passwords, even the right one is refused (429)."""
    make_user(username="editor", password=PASSWORD, is_staff=True)
    # One failure short of the limit, the right password still works.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "editor", "wrong", "203.0.113.5").status_code == 200
    assert admin_login(client, "editor", PASSWORD, "203.0.113.5").status_code == 302
    client.logout()

    fail_until_locked(client, "editor", "203.0.113.5")
    response = admin_login(client, "editor", PASSWORD, "203.0.113.5")
    assert response.status_code == 429
    assert settings.SESSION_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_admin_lockout_is_per_user_and_ip(client):
    """The lock holds one username from one address: others still log in."""
    make_user(username="editor", password=PASSWORD, is_staff=True)
    make_user(username="moderator", password=PASSWORD, is_staff=True)
    fail_until_locked(client, "editor", "203.0.113.5")

    assert admin_login(client, "moderator", PASSWORD, "203.0.113.5").status_code == 302
    client.logout()
    assert admin_login(client, "editor", PASSWORD, "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_lift_a_lockout(client):
    """Without a trusted proxy, X-Forwarded-For is the client's word and is ignored."""
    make_user(username="editor", password=PASSWORD, is_staff=True)
    fail_until_locked(client, "editor", "203.0.113.5")
    response = admin_login(
        client, "editor", PASSWORD, "203.0.113.5", HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert response.status_code == 429


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_lockout_follows_the_real_client(client):
    """Behind one proxy, clients sharing its address are told apart by X-Forwarded-For."""
    make_user(username="editor", password=PASSWORD, is_staff=True)
    proxy = "10.0.0.2"
    attacker = {"HTTP_X_FORWARDED_FOR": "192.0.2.66"}
    fail_until_locked(client, "editor", proxy, **attacker)
    assert admin_login(client, "editor", PASSWORD, proxy, **attacker).status_code == 429

    editor = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert admin_login(client, "editor", PASSWORD, proxy, **editor).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "expected"),
    [
        (0, "203.0.113.5", "", "203.0.113.5"),
        (0, "203.0.113.5", "192.0.2.1", "203.0.113.5"),
        (1, "10.0.0.2", "192.0.2.1", "192.0.2.1"),
        (1, "10.0.0.2", "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        (2, "10.0.0.3", "6.6.6.6, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        (2, "10.0.0.3", "192.0.2.1", "10.0.0.3"),
        (1, "10.0.0.2", "not-an-address", None),
        (0, "2001:db8::1", "", "2001:db8::1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(
    rf, settings, proxies, remote_addr, forwarded_for, expected
):
    """The client is the address our outermost trusted proxy saw, never one it was told."""
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected
