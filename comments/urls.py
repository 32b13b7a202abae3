from django.urls import path

from . import notifications

app_name = "comments"

urlpatterns = [
    path("desabonnement/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
]
