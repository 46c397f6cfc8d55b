"""The leaders' dashboard panels: what waits for her, and recent withdrawals and overrides.

Added to the dashboard by wagtail_hooks.py, for leaders and superusers.
"""

import datetime

from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import ModelLogEntry, PageLogEntry

from .reviewing import EVENT, PRESS_RELEASE, STORY, waiting_items, waiting_states


class StoriesWaitingPanel(Component):
    """First thing a leader sees after logging in: how many stories wait for her, and one button."""

    name = "stories_waiting_for_you"
    order = 10  # before Wagtail's own panels
    template_name = "moderation/stories_waiting_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {
            "count": waiting_states(self.user, STORY).count(),
            "event_count": waiting_states(self.user, EVENT).count(),
            "press_count": waiting_states(self.user, PRESS_RELEASE).count(),
            "items": waiting_items(list(waiting_states(self.user)[:5])),
        }


class RecentWithdrawalsAndOverridesPanel(Component):
    """Leaders see every withdrawal and every time a superuser acted in their place."""

    name = "recent_withdrawals_and_overrides"
    order = 60
    template_name = "moderation/recent_decisions_panel.html"

    def get_context_data(self, parent_context=None):
        since = timezone.now() - datetime.timedelta(days=30)
        withdrawals = ModelLogEntry.objects.filter(
            action="samvedna.consent.withdraw", timestamp__gte=since
        ).select_related("user")[:10]
        overrides = PageLogEntry.objects.filter(
            action="samvedna.moderation.override", timestamp__gte=since
        ).select_related("user")[:10]
        return {"withdrawals": list(withdrawals), "overrides": list(overrides)}
