"""Wagtail's admin screens in every admin language and on a phone, for everyone who uses them.

Leaders meet these first (they use the admin in Gujarati or Hindi, on phones), but the fixes
hold for every admin user: a stylesheet that fits the admin to a 360-pixel screen and snippet
breadcrumbs that Wagtail would leave in English. (The account page's display name:
accounts/user_forms.py.) The stylesheet's hook is registered in wagtail_hooks.py.
"""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet


def phone_fit_css() -> str:
    # static/css/admin-phone.css: nothing hidden, long words and headings wrap.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-phone.css"))


# Wagtail 8 builds a snippet's breadcrumbs ("Home", "Snippets") once, when the admin's URLs are
# loaded, with a non-lazy gettext: they stay in the language active at start-up (English) for
# everyone. Give them lazy labels, translated at each request. Runs before the URLs are loaded
# (moderation/wagtail_hooks.py imports this module, and Wagtail imports every wagtail_hooks
# module first).
_wagtail_snippet_breadcrumbs = SnippetViewSet.breadcrumbs_items.fget
_LAZY_BREADCRUMBS = {"Home": _("Home"), "Snippets": _("Snippets")}


def _translated_snippet_breadcrumbs(viewset: SnippetViewSet) -> list[dict]:
    return [
        {**item, "label": _LAZY_BREADCRUMBS.get(str(item["label"]), item["label"])}
        for item in _wagtail_snippet_breadcrumbs(viewset)
    ]


SnippetViewSet.breadcrumbs_items = property(_translated_snippet_breadcrumbs)
