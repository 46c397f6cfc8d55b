"""The consent actions' admin URLs (registered by wagtail_hooks.py): withdraw, erase, and allow
the details a leader has checked on a page."""

from django.urls import path

from . import views

urlpatterns = [
    path("consent/<int:pk>/withdraw/", views.withdraw, name="consent_withdraw"),
    path("consent/<int:pk>/erase/", views.erase, name="consent_erase"),
    path(
        "consent/identifying-details/<int:page_id>/",
        views.allow_identifying_details,
        name="consent_allow_identifying_details",
    ),
]
