"""Load the demo newsroom: sections, journalists, articles and an admin account.

Idempotent: rows are found by their natural key (slug, username) and left
untouched when they exist, so running it twice changes nothing, and edits made
in the admin since the first run survive.
"""

import os
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import demo_content
from articles.models import Article, Category

EDITORS_GROUP = "Editors"


class Command(BaseCommand):
    help = "Load demo categories, journalists and French articles; create an admin if none exists."

    def handle(self, *args, **options):
        with transaction.atomic():
            now = timezone.now()
            categories = self.load_categories()
            authors = self.load_authors()
            articles = self.load_articles(categories, authors, now)
            self.load_comments(articles)
        self.ensure_admin()

    def load_categories(self):
        categories = {}
        created_count = 0
        for data in demo_content.CATEGORIES:
            category, created = Category.objects.get_or_create(
                slug=data["slug"],
                defaults={"name": data["name"], "description": data["description"]},
            )
            categories[category.slug] = category
            created_count += created
        self.stdout.write(f"Categories: {created_count} created, {len(categories)} in the demo.")
        return categories

    def load_authors(self):
        """Journalists who sign the articles: staff editors without a password (no login)."""
        User = get_user_model()
        editors = Group.objects.filter(name=EDITORS_GROUP).first()
        authors = {}
        for data in demo_content.AUTHORS:
            user, created = User.objects.get_or_create(
                username=data["username"],
                defaults={
                    "first_name": data["first_name"],
                    "last_name": data["last_name"],
                    "is_staff": True,
                },
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
                if editors is not None:
                    user.groups.add(editors)
            authors[user.username] = user
        return authors

    def load_articles(self, categories, authors, now):
        entries = [(data, Article.Status.PUBLISHED) for data in demo_content.ARTICLES]
        entries += [
            (demo_content.DRAFT_ARTICLE, Article.Status.DRAFT),
            (demo_content.SCHEDULED_ARTICLE, Article.Status.PUBLISHED),
        ]
        articles = {}
        created_count = 0
        for data, status in entries:
            article, created = Article.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "title": data["title"],
                    "category": categories[data["category"]],
                    "author": authors.get(data["author"]),
                    "standfirst": data["standfirst"],
                    "body": data["body"].strip(),
                    "status": status,
                    "published_at": now - timedelta(hours=data["published_hours_ago"]),
                },
            )
            if created:
                # A demo article has not been edited since publication: without
                # this, every one of them would say "updated" today.
                Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
                article.updated_at = article.published_at
            articles[article.slug] = article
            created_count += created
        self.stdout.write(
            f"Articles: {created_count} created, {len(articles)} in the demo "
            f"({len(demo_content.ARTICLES)} published, one draft, one scheduled)."
        )
        return articles

    def load_comments(self, articles):
        """Extension point for demo comments; ``articles`` maps slug to Article.

        The comments app may fill this in. Keep it idempotent like the rest:
        find existing rows by a natural key before creating any.
        """

    def ensure_admin(self):
        User = get_user_model()
        superuser = User.objects.filter(is_superuser=True).order_by("pk").first()
        if superuser is not None:
            self.stdout.write(
                f"An admin account exists already: log in at /admin/ as "
                f"'{superuser.get_username()}'."
            )
            return
        username = os.environ.get("DEMO_ADMIN_USERNAME") or "admin"
        if User.objects.filter(username=username).exists():
            self.stderr.write(
                self.style.WARNING(
                    f"No superuser exists, and the username '{username}' is taken by a "
                    "non-admin account. Set DEMO_ADMIN_USERNAME to another name, or run "
                    "'python manage.py createsuperuser'."
                )
            )
            return
        password = os.environ.get("DEMO_ADMIN_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        shown = f"password '{password}'" if generated else "the password in DEMO_ADMIN_PASSWORD"
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account created. Log in at http://127.0.0.1:8000/admin/ with "
                f"username '{username}' and {shown}."
            )
        )
        if generated:
            self.stdout.write("Keep this password: it is not shown again.")
