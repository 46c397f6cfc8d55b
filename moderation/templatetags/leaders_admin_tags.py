"""Template side of moderation/leaders_admin.py: the leaders' shorter dashboard."""

from django import template
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from moderation.leaders_admin import sees_leaders_admin

register = template.Library()


@register.filter
def sees_leaders_dashboard(user: AbstractBaseUser | AnonymousUser) -> bool:
    return sees_leaders_admin(user)
