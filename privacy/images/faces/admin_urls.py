"""The Faces screen's admin URL (registered in privacy/wagtail_hooks.py): under the image's own
admin URL, so only signed-in editors with a verified second factor reach it."""

from django.urls import path

from . import views

urlpatterns = [
    path("images/<int:image_id>/faces/", views.image_faces, name="privacy_image_faces"),
]
