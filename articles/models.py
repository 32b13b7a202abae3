from datetime import timedelta

import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .sanitize import clean_article_html


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


def public_name(user):
    """The name printed for a member of staff: their profile's display name, else full name.

    Never the username: an account without either has no public name (empty string).
    """
    if user is None:
        return ""
    try:
        profile = user.author_profile
    except AuthorProfile.DoesNotExist:
        profile = None
    return (profile.display_name if profile else "") or user.get_full_name()


class AuthorProfileQuerySet(models.QuerySet):
    def ensure_for(self, user):
        """The user's profile, created from their full name on first need."""
        try:
            return user.author_profile
        except AuthorProfile.DoesNotExist:
            pass
        profile, _created = self.get_or_create(
            user=user, defaults={"display_name": user.get_full_name()}
        )
        user.author_profile = profile
        return profile


class AuthorProfile(models.Model):
    """How a member of staff signs articles: display name, short bio and author-page slug.

    One per user (``user.author_profile``), created on first need by
    ``AuthorProfile.objects.ensure_for(user)`` (the article admin does it for the
    authors it saves; a data migration did it for the staff of the time).

    ``slug`` is the author page's address, ``/auteur/<slug>/``: unique, made from
    the display name when the profile is created and then kept as it is (renaming
    someone must not break links to their page); editors may change it in the
    admin. Bylines use ``display_name``, falling back to the account's full name
    (``public_name()``), never the username. ``bio`` is plain text, shown as is.
    Editors edit every profile in the admin; any member of staff edits their own
    ("My author profile").
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="author_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=120,
        blank=True,
        help_text=_("The name printed in bylines. Empty: the account's first and last name."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The author page's address: /auteur/<slug>/. Change it only if you must."),
    )
    bio = models.TextField(
        _("short biography"),
        max_length=600,
        blank=True,
        help_text=_("Two or three sentences, plain text, shown on the author page."),
    )

    objects = AuthorProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "slug"]
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")

    def __str__(self):
        return self.name or self.slug

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def name(self):
        return self.display_name or self.user.get_full_name()

    def _unique_slug(self):
        base = (
            slugify(self.display_name or self.user.get_full_name())[:100]
            or f"auteur-{self.user_id}"
        )
        slug, n = base, 2
        others = AuthorProfile.objects.exclude(pk=self.pk)
        while others.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


# Rank of the articles an editor did not place on the front page: after every chosen one.
FRONT_PAGE_UNRANKED = 32767


def _coauthors_with_profiles():
    """The co-authors with their author profiles (bylines link to them), in one query."""
    User = apps.get_model(settings.AUTH_USER_MODEL)
    return models.Prefetch("coauthors", queryset=User.objects.select_related("author_profile"))


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The single definition of what the public may see."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published articles whose publication date is still ahead."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def in_state(self, state):
        """Articles in one of the states editors see (``Article.State``)."""
        return {
            Article.State.DRAFT: self.drafts,
            Article.State.SCHEDULED: self.scheduled,
            Article.State.PUBLISHED: self.published,
        }[state]()

    def front_page_order(self):
        """The home page's order: the lead story, the chosen next few, then the newest.

        Editors pick the lead (``front_position`` 1) and the order of the next few
        (2, 3, ...). A chosen lead that readers cannot see (a draft, or scheduled)
        gives way to the newest published article; chosen articles that are not
        public are simply not there. Everything else follows, newest first.
        """
        published = Article.objects.published()
        newest = published.order_by("-published_at", "-pk").values("pk")[:1]
        lead_is_public = models.Exists(published.filter(front_position=1))
        rank = models.Case(
            models.When(front_position=1, then=models.Value(0)),
            models.When(
                models.Q(pk=models.Subquery(newest)) & ~models.Q(lead_is_public),
                then=models.Value(0),
            ),
            models.When(front_position__isnull=False, then=models.F("front_position")),
            default=models.Value(FRONT_PAGE_UNRANKED),
            output_field=models.PositiveSmallIntegerField(),
        )
        return self.alias(front_rank=rank).order_by("front_rank", "-published_at", "-pk")

    def in_category(self, category):
        return self.filter(category=category)

    def on_topic(self, topic):
        """Articles tagged with ``topic`` (a taggit Tag)."""
        return self.filter(tags=topic)

    def by_author(self, user):
        """Articles signed by the user, as first author or co-author."""
        return self.filter(models.Q(author=user) | models.Q(coauthors=user)).distinct()

    def with_page_relations(self):
        """What an article page needs besides its cached fragment: category, first author, photo.

        One query. The co-authors are read by ``Article.authors`` when the byline
        is rendered, which a page whose fragment comes from the cache skips.
        """
        return self.select_related("category", "author__author_profile", "lead_photo")

    def with_listing_relations(self):
        """What a card or an article header shows: category, lead photo, authors and profiles.

        The first author and the photo come in the same query; co-authors in one more
        for the page.
        """
        return self.with_page_relations().prefetch_related(_coauthors_with_profiles())

    def months(self):
        """``[{"month": date, "count": n}]``, newest first: the months these articles fall in.

        Months are counted in local time, as the month pages list them.
        """
        return (
            self.annotate(month=TruncMonth("published_at", output_field=models.DateField()))
            .order_by("-month")
            .values("month")
            .annotate(count=models.Count("pk"))
        )

    def for_listing(self):
        """The public listings' queryset: published, with their relations.

        The comment counts the cards show come from the comments app's template
        tag (``get_comment_counts``), one query for the page: articles know
        nothing of comments.
        """
        return self.published().with_listing_relations()


class RenderedBodyModel(models.Model):
    """A model whose ``body_html`` is the sanitised rendering of its ``body``.

    ``body_html`` is a function of ``body`` alone, recomputed on every save that
    writes either, whatever was loaded, deferred or edited before (djangoproject.com's
    ``Entry.save()``). Subclasses say how to render in ``render_body_html()``.
    """

    class Meta:
        abstract = True

    def save(self, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields or "body_html" in update_fields:
            self.body_html = self.render_body_html()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(**kwargs)

    def render_body_html(self):
        raise NotImplementedError


# body_html is derived from body on every save: versions keep what was written.
@reversion.register(exclude=["updated_at", "body_html"])
class Article(RenderedBodyModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class State(models.TextChoices):
        """What editors see: the status and the date together."""

        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("author"),
        help_text=_("The first author, named first in the byline."),
    )
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coauthored_articles",
        verbose_name=_("co-authors"),
        help_text=_("Everyone else who signs the article."),
    )
    standfirst = models.TextField(_("standfirst"), max_length=400, help_text=_("Short lead."))
    body = models.TextField(
        _("body"), help_text=_("HTML. Sanitised on save with the editorial safelist.")
    )
    # Derived from ``body`` on every save: never edited, never trusted as input.
    body_html = models.TextField(_("body as published"), blank=True, editable=False)
    lead_photo = models.ForeignKey(
        "photos.Photo",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of_articles",
        verbose_name=_("lead photo"),
        help_text=_(
            "From the photo library: shown on the article's cards, at the top of the "
            "article with its caption and credit, and when the article is shared."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publication date"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)
    comments_open = models.BooleanField(_("comments open"), default=True)
    tags = TaggableManager(
        verbose_name=_("topics"),
        help_text=_("The subjects the article is about; each has its page and feed."),
        blank=True,
    )
    front_position = models.PositiveSmallIntegerField(
        _("front-page position"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "1 puts the article at the top of the home page, 2, 3… the next ones. "
            "Empty: newest first."
        ),
    )
    # PostgreSQL's full-text index of the article (articles/search.py); unused on SQLite,
    # whose index is the FTS5 table articles_search.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "published_at"]),
            GinIndex(fields=["search_vector"], name="articles_search_vector_gin"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def render_body_html(self):
        """What the editor wrote, sanitised with the editorial safelist."""
        return clean_article_html(self.body)

    @property
    def authors(self):
        """Everyone who signs the article: the first author, then the co-authors."""
        people = [self.author] if self.author_id else []
        # One query with their profiles, unless a listing prefetched them already.
        models.prefetch_related_objects([self], _coauthors_with_profiles())
        coauthors = [user for user in self.coauthors.all() if user.pk != self.author_id]
        # By surname, wherever they come from (a prefetch or a plain query).
        coauthors.sort(key=lambda user: (user.last_name, user.first_name, user.pk))
        return people + coauthors

    @property
    def signatories(self):
        """The byline as data: each signatory's public name and author page (or "")."""
        people = []
        for user in self.authors:
            name = public_name(user)
            if not name:
                continue
            try:
                url = user.author_profile.get_absolute_url()
            except AuthorProfile.DoesNotExist:
                url = ""
            people.append({"name": name, "url": url})
        return people

    @property
    def byline(self):
        """The signatories' public names as one phrase ("A, B et C"); empty without any."""
        names = [name for name in map(public_name, self.authors) if name]
        return get_text_list(names, gettext("and"))

    @property
    def state(self):
        if self.status == self.Status.DRAFT:
            return self.State.DRAFT
        if self.published_at > timezone.now():
            return self.State.SCHEDULED
        return self.State.PUBLISHED

    def get_state_display(self):
        return self.State(self.state).label

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    def comments_close_at(self):
        """When the article stops taking comments by age (COMMENTS_CLOSE_AFTER_DAYS), or None.

        The article's own date and setting: the comments app's rules read it
        (``comments.moderation.comments_are_open``), and so does the page cache's
        lifetime of the article page, whose form must not outlive it.
        """
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        if days and days > 0:
            return self.published_at + timedelta(days=days)
        return None

    @property
    def publication_month(self):
        """The first day of the publication month, in local time: the archive's grouping."""
        return timezone.localdate(self.published_at).replace(day=1)

    def get_month_url(self):
        """The archive page of the article's publication month."""
        month = self.publication_month
        return reverse(
            "articles:archive_month", kwargs={"year": f"{month:%Y}", "month": f"{month:%m}"}
        )

    def was_updated(self):
        """True when the article changed noticeably after publication (not just saved with it)."""
        return (self.updated_at - self.published_at).total_seconds() > 60

    def get_previous_published(self):
        """The next older published article, across the site, or None."""
        return (
            Article.objects.published()
            .filter(
                models.Q(published_at__lt=self.published_at)
                | models.Q(published_at=self.published_at, pk__lt=self.pk)
            )
            .order_by("-published_at", "-pk")
            .only("title", "slug")
            .first()
        )

    def get_next_published(self):
        """The next newer published article, across the site, or None."""
        return (
            Article.objects.published()
            .filter(
                models.Q(published_at__gt=self.published_at)
                | models.Q(published_at=self.published_at, pk__gt=self.pk)
            )
            .order_by("published_at", "pk")
            .only("title", "slug")
            .first()
        )

    def related_articles(self, limit=3):
        """The latest published articles of the same category: their titles, links and dates."""
        return (
            Article.objects.published()
            .filter(category_id=self.category_id)
            .exclude(pk=self.pk)
            .only("title", "slug", "published_at")[:limit]
        )


class SitePage(models.Model):
    """One of the site's own pages (legal notice, privacy policy, contact), edited by editors.

    A fixed set: the footer links to each by its ``key``, so editors change the
    text but neither add nor delete pages (a data migration creates them).
    ``body`` is what the editor typed, ``body_html`` its sanitised rendering
    (the editorial safelist), as for articles.
    """

    class Key(models.TextChoices):
        LEGAL_NOTICE = "legal_notice", _("Legal notice")
        PRIVACY = "privacy", _("Privacy policy")
        CONTACT = "contact", _("Contact")

    key = models.CharField(_("page"), max_length=20, choices=Key.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"), help_text=_("HTML. Sanitised on save with the editorial safelist.")
    )
    body_html = models.TextField(_("text as published"), blank=True, editable=False)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.title

    def save(self, **kwargs):
        self.body_html = clean_article_html(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(**kwargs)

    def get_absolute_url(self):
        return reverse(f"articles:{self.key}")
