"""The story editor form: a publish that consent does not cover is refused next to the form."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class StoryPageForm(WagtailAdminPageForm):
    def _post_clean(self):
        super()._post_clean()  # copies the form's values onto self.instance
        if "action-publish" not in self.data or self.errors:
            return
        problems = self.instance.publication_problems()
        if problems:
            self.add_error(
                "consent" if self.instance.consent_id is None else None,
                _("This story cannot be published because %(reasons)s.")
                % {"reasons": "; ".join(problems)},
            )
