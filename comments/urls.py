from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("article/<slug:slug>/poster/", views.post_comment, name="post"),
    path("article/<slug:slug>/formulaire/", views.comment_form_fresh, name="form_fresh"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mes-donnees/", views.my_data_request, name="my_data_request"),
    path("mes-donnees/<str:token>/", views.my_data, name="my_data"),
    path("mes-donnees/<str:token>/export.json", views.my_data_export, name="my_data_export"),
]
