"""Load the demo newsroom: sections, journalists, articles, reader comments and an admin account.

Idempotent: rows are found by their natural key (slug, username; article, e-mail
address and text as typed for a comment) and left untouched when they exist, so
running it twice changes nothing, and edits or moderation done in the admin
since the first run survive.
"""

import os
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article, AuthorProfile, Category
from comments import review, services
from comments.models import Comment, ModerationEvent
from demo import article_content as demo_content
from demo import comment_content as comment_demo_content
from demo import photo_content
from photos.models import Photo
from photos.services import photo_create

EDITORS_GROUP = "Editors"
# The note on the history rows of the demo's moderation decisions.
DEMO_NOTE = "loaddemo"


class Command(BaseCommand):
    help = (
        "Load demo categories, journalists, French articles and reader comments; "
        "create an admin if none exists."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            now = timezone.now()
            categories = self.load_categories()
            authors = self.load_authors()
            articles = self.load_articles(categories, authors, now)
            self.load_photos(articles)
            # The backdating below writes with update(), which tells no cache,
            # but inside this transaction: the saves' own drops run again at
            # commit (articles.invalidation), after it.
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
            profile = AuthorProfile.objects.ensure_for(user)
            if not profile.bio:
                profile.bio = data["bio"]
                profile.save(update_fields=["bio"])
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
                article.tags.set(demo_content.TOPICS.get(article.slug, []))
            articles[article.slug] = article
            created_count += created
        self.stdout.write(
            f"Articles: {created_count} created, {len(articles)} in the demo "
            f"({len(demo_content.ARTICLES)} published, one draft, one scheduled)."
        )
        return articles

    def load_photos(self, articles):
        """Lead photos for most published articles, drawn here (photo_content), no download.

        Each goes through ``photo_create`` like an upload, so its renditions are made
        when the transaction commits. A photo is found by its alt text: an article
        whose photo an editor removed does not get it back.
        """
        created_count = 0
        for seed, (slug, data) in enumerate(photo_content.PHOTOS.items()):
            article = articles.get(slug)
            if article is None or article.lead_photo_id:
                continue
            if Photo.objects.filter(alt=data["alt"]).exists():
                continue
            photo = photo_create(
                file=ContentFile(photo_content.draw_scene(data["scene"], seed=seed), "demo.jpg"),
                alt=data["alt"],
                caption=data["caption"],
                credit=data["credit"],
                uploaded_by=article.author,
            )
            Article.objects.filter(pk=article.pk).update(lead_photo=photo)
            article.lead_photo = photo
            created_count += 1
        self.stdout.write(
            f"Photos: {created_count} created, {len(photo_content.PHOTOS)} in the demo, "
            f"lead photos of as many of the {len(demo_content.ARTICLES)} published articles."
        )

    def load_comments(self, articles):
        """Reader comments under some published articles: approved threads and a queue.

        Rows are written through the model, not ``comment_create``: that service
        e-mails the moderators about every pending comment, and loading a demo
        must mail no one. The history is the one the service and
        ``review.change_status`` record: each comment's birth (pending, or spam
        when a sure rule fired) by no one, then the demo moderator's decision.
        A comment is found by its natural key (article, e-mail address, text as
        typed) and left alone when it exists, so moderators' decisions survive
        a second run.
        """
        now = timezone.now()
        created_count = total = 0
        commented = set()
        for slug, entries in comment_demo_content.COMMENTS.items():
            article = articles.get(slug)
            if article is None or not article.is_public:
                continue
            for data in entries:
                created, seen = self.load_comment(article, data, parent=None, depth=1, now=now)
                created_count += created
                total += seen
            commented.add(slug)
        pending = Comment.objects.pending().count()
        self.stdout.write(
            f"Comments: {created_count} created, {total} in the demo under {len(commented)} "
            f"articles; {pending} pending in the moderation queue."
        )

    def load_comment(self, article, data, *, parent, depth, now):
        """Load one demo comment and its replies; returns (created, seen) counts."""
        # The public form refuses these replies; the demo must not show what
        # a reader could not have posted.
        if depth > settings.COMMENTS_MAX_DEPTH:
            return 0, 0
        if parent is not None and parent.status != Comment.Status.APPROVED:
            return 0, 0
        reader = comment_demo_content.READERS[data["reader"]]
        comment = Comment.objects.filter(
            article=article, author_email=reader["email"], body=data["body"]
        ).first()
        created = comment is None
        if created:
            comment = self.create_comment(article, parent, reader, data, now)
        created_count, seen = int(created), 1
        for reply in data.get("replies", ()):
            more_created, more_seen = self.load_comment(
                article, reply, parent=comment, depth=depth + 1, now=now
            )
            created_count += more_created
            seen += more_seen
        return created_count, seen

    def create_comment(self, article, parent, reader, data, now):
        reasons = list(data.get("flag_reasons", ()))
        born = (
            Comment.Status.SPAM if data["status"] == Comment.Status.SPAM else Comment.Status.PENDING
        )
        comment = services.comment_record(
            article=article,
            parent=parent,
            status=born,
            flag_reasons=reasons,
            author_name=reader["name"],
            author_email=reader["email"],
            author_url=reader["url"],
            body=data["body"],
            ip_address=reader["ip"],
            user_agent=reader["user_agent"],
        )
        if data["status"] != born:
            review.change_status(
                comments=[comment.pk], to_status=data["status"], actor=None, note=DEMO_NOTE
            )
            comment.status = data["status"]
        # created_at is auto_now_add: backdate the comment and its history so
        # that the demo reads like a conversation that followed publication.
        posted_at = min(article.published_at + timedelta(minutes=data["minutes"]), now)
        decided_at = min(
            posted_at + timedelta(minutes=comment_demo_content.MODERATION_DELAY_MINUTES), now
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=posted_at)
        comment.created_at = posted_at
        history = ModerationEvent.objects.filter(comment=comment)
        history.filter(from_status="").update(created_at=posted_at)
        history.exclude(from_status="").update(created_at=decided_at)
        return comment

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
