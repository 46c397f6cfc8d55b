"""Site-wide settings editable in the admin: where quick exit goes, and how to reach us."""

from urllib.parse import urlsplit

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from consent.identifying import PHONE, find_identifying_details

DEFAULT_QUICK_EXIT_URL = "https://www.google.com/search?q=weather"


def validate_neutral_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        raise ValidationError(
            _("Use a full https:// address of an ordinary website, such as a weather page.")
        )


@register_setting(icon="warning")
class SiteSafetySettings(BaseSiteSetting):
    quick_exit_url = models.URLField(
        default=DEFAULT_QUICK_EXIT_URL,
        validators=[validate_neutral_url],
        verbose_name=_("site that Quick exit opens"),
        help_text=_(
            "An ordinary website that nobody would wonder about (for example a weather or news "
            "page). It replaces this site when a reader presses Quick exit."
        ),
    )
    contact_email = models.EmailField(
        blank=True,
        verbose_name=_("contact e-mail"),
        help_text=_("A shared organisational address, never a person's own."),
    )
    press_email = models.EmailField(
        blank=True,
        verbose_name=_("press e-mail"),
        help_text=_("Where journalists ask for interviews."),
    )
    contact_phone = models.CharField(
        max_length=40,
        blank=True,
        verbose_name=_("public helpline number"),
        help_text=_("An office or helpline number only; never a member's phone."),
    )

    panels = [
        FieldPanel("quick_exit_url"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("press_email"), FieldPanel("contact_phone")],
            heading=_("Contacts"),
        ),
    ]

    class Meta:
        verbose_name = _("safety and contacts")

    def clean(self) -> None:
        """Every public page shows these: nothing in them may identify a member (safety rule 1).

        An office landline and a shared address are what the fields are for; a mobile number,
        a number or name written into an address, or a chat or profile link is refused.
        """
        super().clean()
        problems = {}
        for name in PUBLIC_FIELDS:
            value = getattr(self, name) or ""
            if name.endswith("_email"):
                value = value.rpartition("@")[0]  # the address itself is expected
            found = [
                f
                for f in find_identifying_details(value)
                if not (name == "contact_phone" and f.kind == PHONE)
            ]
            if found:
                problems[name] = _(
                    "This looks like %(what)s. Every public page shows it: give an office or "
                    "helpline contact that identifies nobody."
                ) % {"what": found[0].label}
        if problems:
            raise ValidationError(problems)


CACHE_KEY = "samvedna:site-safety:{site_id}"
PUBLIC_FIELDS = ("quick_exit_url", "contact_email", "press_email", "contact_phone")


def cached_safety_settings(site: Site | None) -> dict[str, str]:
    """The settings every public page shows, without a query per request."""
    values = dict.fromkeys(PUBLIC_FIELDS, "") | {"quick_exit_url": DEFAULT_QUICK_EXIT_URL}
    if site is None:
        return values
    key = CACHE_KEY.format(site_id=site.pk)
    cached = cache.get(key)
    if cached is None:
        row = SiteSafetySettings.objects.filter(site=site).values(*PUBLIC_FIELDS).first()
        cached = values | (row or {})
        cache.set(key, cached, timeout=None)
    return cached


@receiver(post_save, sender=SiteSafetySettings)
@receiver(post_delete, sender=SiteSafetySettings)
def forget_cached_safety_settings(sender, instance: SiteSafetySettings, **kwargs) -> None:
    cache.delete(CACHE_KEY.format(site_id=instance.site_id))
