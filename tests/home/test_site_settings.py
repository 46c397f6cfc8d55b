"""Site-wide contacts shown on every public page are scanned when an administrator saves them."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from home.site_settings import SiteSafetySettings

pytestmark = pytest.mark.django_db

GOOD = {
    "quick_exit_url": "https://www.google.com/search?q=weather",
    "contact_email": "contact@samvedna.example.org",
    "press_email": "press@samvedna.example.org",
    "contact_phone": "02832-250123",
}


def settings_url() -> str:
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["home", "sitesafetysettings", site.pk])


@pytest.mark.parametrize(
    ("field", "value", "what"),
    [
        ("contact_phone", "98250 12345", "a mobile phone number"),
        ("contact_email", "9825012345@gmail.com", "a mobile phone number"),
        ("press_email", "meena.98250.12345@example.org", "a mobile phone number"),
        ("quick_exit_url", "https://wa.me/919825012345", "a WhatsApp chat link"),
    ],
)
def test_a_member_s_details_in_the_site_contacts_are_refused(
    administrator_client, field, value, what
):
    response = administrator_client.post(settings_url(), GOOD | {field: value})
    assert response.status_code == 200
    assert f"This looks like {what}" in response.content.decode()
    saved = SiteSafetySettings.objects.filter(site__is_default_site=True).first()
    assert saved is None or getattr(saved, field) != value
    assert value not in Client().get("/en/").content.decode()


def test_office_contacts_are_saved_and_shown(administrator_client):
    response = administrator_client.post(settings_url(), GOOD)
    assert response.status_code == 302
    saved = SiteSafetySettings.objects.get(site__is_default_site=True)
    assert saved.contact_phone == GOOD["contact_phone"]
