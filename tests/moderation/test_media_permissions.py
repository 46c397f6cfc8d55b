"""Staff and leaders can upload and choose photos and voice clips; only administrators delete."""

import pytest
from django.contrib.auth.models import Group
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry
from wagtailmedia import get_permission_policy as media_policy

from moderation.groups import ADMINISTRATORS, LEADERS, STAFF

pytestmark = pytest.mark.django_db

image_policy = policy_registry.get_by_type(get_image_model())


@pytest.fixture
def member(django_user_model):
    def make(group: str):
        user = django_user_model.objects.create_user(f"user-{group[:5]}", password="x" * 14)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.mark.parametrize("group", [STAFF, LEADERS, ADMINISTRATORS])
def test_every_group_can_upload_and_choose_photos_and_voice_clips(member, group):
    user = member(group)
    assert image_policy.user_has_permission(user, "add")
    assert image_policy.user_has_permission(user, "choose")
    assert media_policy().user_has_permission(user, "add")


@pytest.mark.parametrize(
    ("group", "may_delete"), [(STAFF, False), (LEADERS, False), (ADMINISTRATORS, True)]
)
def test_only_administrators_may_change_or_delete_photos_someone_else_uploaded(
    member, django_user_model, group, may_delete
):
    from tests.support.story_factories import make_image

    photo = make_image()  # uploaded by nobody in particular
    user = member(group)
    assert image_policy.user_has_permission_for_instance(user, "delete", photo) is may_delete
    assert image_policy.user_has_permission_for_instance(user, "change", photo) is may_delete
    photo.uploaded_by_user = user
    assert image_policy.user_has_permission_for_instance(user, "change", photo)  # her own


def test_staff_upload_a_photo_through_the_admin(member, client):
    from tests.support import image_samples as samples

    user = member(STAFF)
    client.force_login(user)
    assert client.get("/admin/images/add/").status_code == 200
    upload = samples.png_bytes()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/admin/images/add/",
        {
            "title": "Meeting room",
            "description": "Chairs in a circle",
            "file": SimpleUploadedFile("room.png", upload, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    from wagtail.images import get_image_model

    assert get_image_model().objects.filter(title="Meeting room", uploaded_by_user=user).exists()
