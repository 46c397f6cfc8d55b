"""The invitation link's pages, under /admin/welcome/ (samvedna/urls.py): open to a visitor who
is not signed in, so not registered through Wagtail's admin URL hook."""

from django.urls import path

from . import invitation_views

urlpatterns = [
    path("password/", invitation_views.choose_password, name="accounts_invitation_password"),
    path("app/", invitation_views.set_up_app, name="accounts_invitation_app"),
    path("<str:token>/", invitation_views.open_link, name="accounts_invitation_open"),
]
