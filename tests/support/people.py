"""The people who use the admin, as tests need them: members of the site's groups, never superusers.

A test of a leader's or staff member's action signs in as one of these (``client.force_login``
also completes the second factor in tests, see tests/conftest.py) and goes through the view the
button posts to.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from moderation.groups import ADMINISTRATORS, LEADERS, STAFF

PASSWORD = "a-long-password-for-tests-1"  # test accounts only


def member(username: str, group: str, language: str | None = None, **fields):
    """A new active user in ``group`` with a known password and e-mail address.

    Leaders get Gujarati as their admin language when they join their group, as on the real
    site; ``language`` sets another admin language (tests that read English text use "en").
    """
    fields.setdefault("email", f"{username}@example.org")
    user = get_user_model().objects.create_user(username, password=PASSWORD, **fields)
    user.groups.add(Group.objects.get(name=group))
    assert not user.is_superuser
    if language is not None:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


def leader(username: str = "leader", language: str | None = None, **fields):
    return member(username, LEADERS, language, **fields)


def staff(username: str = "staff", language: str | None = None, **fields):
    return member(username, STAFF, language, **fields)


def administrator(username: str = "administrator", language: str | None = None, **fields):
    return member(username, ADMINISTRATORS, language, **fields)
