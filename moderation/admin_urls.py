"""The leaders' review screens in the admin, under /admin/stories-to-review/ (wagtail_hooks.py).

The URL names have no namespace: the review e-mails, the templates and the tests use them.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.WaitingForMeView.as_view(), name="moderation_waiting"),
    path("<int:task_state_id>/", views.ReviewView.as_view(), name="moderation_review"),
]
