from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("article/<slug:slug>/poster/", views.post_comment, name="post"),
    path("article/<slug:slug>/formulaire/", views.comment_form_fresh, name="form_fresh"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
