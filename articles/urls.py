from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("archives/", views.ArchiveView.as_view(), name="archive"),
    path("categorie/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("article/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
