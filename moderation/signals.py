"""Leaders get Gujarati screens unless they chose.

(Which indexes get which workflow is registered by their page apps: moderation/registry.py.)
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from wagtail.users.models import UserProfile

from .groups import LEADERS, LEADERS_LANGUAGE


@receiver(m2m_changed, sender=get_user_model().groups.through)
def leaders_read_the_admin_in_gujarati(sender, instance, action, reverse, pk_set, **kwargs):
    """A new leader's whole admin (and her e-mails) is in Gujarati until she picks a language."""
    if action != "post_add" or not pk_set:
        return
    if reverse:  # group.user_set.add(...): instance is the group, pk_set holds users
        if instance.name != LEADERS:
            return
        users = get_user_model().objects.filter(pk__in=pk_set)
    else:
        if not Group.objects.filter(pk__in=pk_set, name=LEADERS).exists():
            return
        users = [instance]
    for user in users:
        profile = UserProfile.get_for_user(user)
        if not profile.preferred_language:
            profile.preferred_language = LEADERS_LANGUAGE
            profile.save(update_fields=["preferred_language"])
