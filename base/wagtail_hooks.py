"""The administrators' dashboard panel about notification e-mails that did not go
(base/mail.py)."""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from .mail import SHOWN_DAYS, recent_failures


class MailFailuresPanel(Component):
    name = "mail_failures"
    order = 10  # near the top: until mail works again, nobody hears of new work
    template_name = "base/mail_failures_panel.html"

    def __init__(self, count: int) -> None:
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count, "days": SHOWN_DAYS}


def sees_mail_failures(user) -> bool:
    """Site administrators (they manage people, hence the mail settings' effects) and superusers."""
    return user.is_superuser or user.has_perm("auth.change_user")


@hooks.register("construct_homepage_panels")
def add_mail_failures_panel(request, panels) -> None:
    if not sees_mail_failures(request.user):
        return
    count = recent_failures()
    if count:
        panels.append(MailFailuresPanel(count))
