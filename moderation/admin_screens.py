"""Wagtail's admin screens in every admin language and on a phone, for everyone who uses them.

Leaders meet these first (they use the admin in Gujarati or Hindi, on phones), but the fixes
hold for every admin user: a stylesheet that fits the admin to a 360-pixel screen, snippet
breadcrumbs that Wagtail would leave in English, and an account page that asks for a display
name instead of a first and a last name.
"""

from django import forms
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.views.account import NameEmailSettingsPanel
from wagtail.snippets.views.snippets import SnippetViewSet


@hooks.register("insert_global_admin_css")
def phone_fit_css() -> str:
    # static/css/admin-phone.css: nothing hidden, long words and headings wrap.
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-phone.css"))


# Wagtail 8 builds a snippet's breadcrumbs ("Home", "Snippets") once, when the admin's URLs are
# loaded, with a non-lazy gettext: they stay in the language active at start-up (English) for
# everyone. Give them lazy labels, translated at each request. Runs before the URLs are loaded
# (Wagtail imports every wagtail_hooks module first).
_wagtail_snippet_breadcrumbs = SnippetViewSet.breadcrumbs_items.fget
_LAZY_BREADCRUMBS = {"Home": _("Home"), "Snippets": _("Snippets")}


def _translated_snippet_breadcrumbs(viewset: SnippetViewSet) -> list[dict]:
    return [
        {**item, "label": _LAZY_BREADCRUMBS.get(str(item["label"]), item["label"])}
        for item in _wagtail_snippet_breadcrumbs(viewset)
    ]


SnippetViewSet.breadcrumbs_items = property(_translated_snippet_breadcrumbs)


class DisplayNameEmailForm(NameEmailForm):
    """Her name and e-mail on the account page. Wagtail requires a first and a last name, so a
    leader added with a display name only (a pseudonym is fine; no legal name is kept) could
    not save her language or password until she typed a surname."""

    first_name = forms.CharField(max_length=150, label=_("Name (a pseudonym is fine)"))
    last_name = None

    class Meta(NameEmailForm.Meta):
        fields = ["first_name", "email"]


NameEmailSettingsPanel.form_class = DisplayNameEmailForm
