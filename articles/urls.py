from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("archives/", views.ArchiveView.as_view(), name="archive"),
    path("rss/", feeds.LatestArticlesFeed(), name="feed"),
    path("categorie/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("categorie/<slug:slug>/rss/", feeds.CategoryFeed(), name="category_feed"),
    path("article/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
