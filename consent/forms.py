"""Admin forms: the page editor's publish check, and a leader's reason to allow a detail."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from editing.new_pages import NewPageKeyFormMixin


class PublicationGuardForm(NewPageKeyFormMixin, WagtailAdminPageForm):
    def _post_clean(self):
        super()._post_clean()  # copies the form's values onto self.instance
        if "action-publish" not in self.data or self.errors:
            return
        problems = self.instance.publication_problems()
        if problems:
            self.add_error(
                "consent" if getattr(self.instance, "consent_id", 0) is None else None,
                _("This page cannot be published because %(reasons)s.")
                % {"reasons": "; ".join(problems)},
            )


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why may these details be published?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        help_text=_("This reason is kept in the page history with your name."),
    )


class ShowFaceForm(forms.Form):
    """Which consent record lets a face be shown: only records in force that cover photos."""

    consent = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        label=_("Consent record that covers photos of this face"),
        help_text=_(
            "She agreed that her face may be seen. The photo is shown only on pages in the "
            "languages this record allows."
        ),
        empty_label=None,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from .faces import consent_in_force_q
        from .models import ConsentRecord

        self.fields["consent"].queryset = ConsentRecord.objects.filter(consent_in_force_q())
