from django.urls import path, re_path

from newsroom.pagecache import cache_public_page

from . import feeds, views
from .models import SitePage

app_name = "articles"

# Anonymous readers share cached copies of these pages (newsroom/pagecache.py):
# listings show comment counts, article pages their comments. Listings, search
# results and an article's comments are paginated (?page=N, newsroom/pagination.py).
listing = cache_public_page(listing=True, paginated=True)
article_page = cache_public_page(article_kwarg="slug", paginated=True)
site_page = cache_public_page()
# Search results show comment counts, and one page per query.
search_page = cache_public_page(listing=True, parameters=("q",), paginated=True)

urlpatterns = [
    path("", listing(views.HomeView.as_view()), name="home"),
    path("recherche/", search_page(views.SearchView.as_view()), name="search"),
    path("archives/", site_page(views.ArchiveView.as_view()), name="archive"),
    re_path(
        r"^archives/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        listing(views.ArchiveMonthView.as_view()),
        name="archive_month",
    ),
    path("rss/", site_page(feeds.LatestArticlesFeed()), name="feed"),
    path(
        "mentions-legales/",
        site_page(views.SitePageView.as_view(key=SitePage.Key.LEGAL_NOTICE)),
        name="legal_notice",
    ),
    path(
        "confidentialite/",
        site_page(views.SitePageView.as_view(key=SitePage.Key.PRIVACY)),
        name="privacy",
    ),
    path(
        "contact/",
        site_page(views.SitePageView.as_view(key=SitePage.Key.CONTACT)),
        name="contact",
    ),
    path("sujet/<slug:slug>/", listing(views.TopicView.as_view()), name="topic"),
    path("sujet/<slug:slug>/rss/", site_page(feeds.TopicFeed()), name="topic_feed"),
    path("auteur/<slug:slug>/", listing(views.AuthorView.as_view()), name="author"),
    path("categorie/<slug:slug>/", listing(views.CategoryView.as_view()), name="category"),
    path("categorie/<slug:slug>/rss/", site_page(feeds.CategoryFeed()), name="category_feed"),
    path("article/<slug:slug>/", article_page(views.ArticleDetailView.as_view()), name="detail"),
]
