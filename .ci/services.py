"""Say whether CI's PostgreSQL and Redis answer (exit 0) or not (exit 1), quickly.

Usage: python .ci/services.py POSTGRES_URL REDIS_URL
Creates the PostgreSQL database of the URL when the server answers without it.
"""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis


def postgres_ok(url):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, connect_timeout=3, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        print(f"PostgreSQL at {parts.hostname}:{parts.port}: {error}", file=sys.stderr)
        return False
    return True


def redis_ok(url):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as error:
        print(f"Redis: {error}", file=sys.stderr)
        return False


if __name__ == "__main__":
    postgres_url, redis_url = sys.argv[1:3]
    sys.exit(0 if postgres_ok(postgres_url) and redis_ok(redis_url) else 1)
