from django.urls import path

from . import views
from . import notifications

app_name = "comments"

urlpatterns = [
    path("article/<slug:slug>/poster/", views.post_comment, name="post"),
    path("desabonnement/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
]
