"""The consent actions' admin URLs (registered by wagtail_hooks.py): withdraw, erase, allow
the details a leader has checked on a page, and link a face to the consent that lets it be shown."""

from django.urls import path

from . import views

urlpatterns = [
    path("consent/<int:pk>/withdraw/", views.withdraw, name="consent_withdraw"),
    path("consent/<int:pk>/erase/", views.erase, name="consent_erase"),
    path("consent/faces/<int:pk>/show/", views.show_face, name="consent_show_face"),
    path(
        "consent/identifying-details/<int:page_id>/",
        views.allow_identifying_details,
        name="consent_allow_identifying_details",
    ),
]
