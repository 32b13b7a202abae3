"""The captcha's URLs (/captcha/): django-simple-captcha's, but "another code" is a POST.

The library's ``captcha-refresh`` makes a challenge on a GET; ours
(``views.captcha_refresh``) answers only a POST, within the client's limit
(``comments.challenges``), and comes first, so /captcha/refresh/ resolves to it.
The image and audio views only read. The project's URLconf includes this module
by name, so ``newsroom`` does not import the comments app.
"""

from django.urls import include, path

from . import views

urlpatterns = [
    path("refresh/", views.captcha_refresh, name="captcha-refresh"),
    path("", include("captcha.urls")),
]
