from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("article/<slug:slug>/poster/", views.post_comment, name="post"),
]
