"""What leaders see in the admin, and in which language (moderation/leaders_admin.py,
accounts/sign_in_language.py, locale_admin/, samvedna/formats/).

Leaders and staff act as members of their groups, signed in (force_login completes the second
factor in tests, see conftest.py); a superuser appears only to show she keeps every tool.
"""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.users.models import UserProfile

from accounts.sign_in_language import COOKIE
from moderation.groups import LEADERS, STAFF

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"
LOGIN = "/admin/login/"


@pytest.fixture
def people(django_user_model):
    def member(username: str, group: str, **fields):
        user = django_user_model.objects.create_user(
            username, email=f"{username}@example.org", password=PASSWORD, **fields
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "leader": member("leader", LEADERS),  # Gujarati, set when she joined the group
        "staff": member("staff", STAFF),
        "superuser_leader": member("chief", LEADERS, is_superuser=True),
    }


def sidebar(client) -> dict:
    """The sidebar's menu and search as Wagtail hands them to its React app."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    modules = json.loads(props.group(1))["modules"]
    text = json.dumps(modules, ensure_ascii=False)
    return {"text": text, "urls": set(re.findall(r'"(/admin/[^"]*)"', text))}


# --- What leaders see ---------------------------------------------------------------------------


def test_a_leaders_menu_holds_her_work_only(client, people):
    client.force_login(people["leader"])
    urls = sidebar(client)["urls"]
    assert reverse("moderation_waiting") in urls
    assert reverse("wagtailsnippets_consent_consentrecord:list") in urls
    for tool in ("wagtailadmin_explore_root", "wagtailimages:index", "wagtaildocs:index"):
        assert reverse(tool) not in urls, tool
    assert not any(url.startswith(("/admin/reports/", "/admin/media/")) for url in urls)


def test_staff_and_a_superuser_who_leads_keep_the_full_admin(client, people):
    for who in ("staff", "superuser_leader"):
        client.force_login(people[who])
        urls = sidebar(client)["urls"]
        assert reverse("wagtailadmin_explore_root") in urls, who
        assert reverse("wagtailimages:index") in urls, who


def test_the_sidebar_search_finds_a_leaders_consent_records_not_pages(client, people):
    client.force_login(people["leader"])
    search = [m for m in json.loads(sidebar(client)["text"]) if "SearchModule" in json.dumps(m)]
    assert reverse("wagtailsnippets_consent_consentrecord:list") in json.dumps(search)
    assert reverse("wagtailadmin_pages:search") not in json.dumps(search)
    client.force_login(people["staff"])
    assert reverse("wagtailadmin_pages:search") in sidebar(client)["text"]


def test_a_leaders_dashboard_keeps_her_panels_and_drops_wagtails(client, people):
    from tests.support.resource_factories import make_resource, new_index

    make_resource(
        new_index(),
        "Overdue guide",
        last_reviewed=datetime.date(2019, 1, 1),
        review_by=datetime.date(2020, 1, 1),
    )
    client.force_login(people["leader"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="stories-waiting-heading"' in html
    assert 'id="consents-due-heading"' in html
    assert 'id="recent-decisions-heading"' in html
    for wagtails in ("w-summary", "Awaiting your review", "Your most recent edits"):
        assert wagtails not in html
    assert 'role="search"' not in html  # Wagtail's "Search all pages…" box
    assert "Guides to check again" not in html  # staff keep the guides current
    client.force_login(people["staff"])
    staff_dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "w-summary" in staff_dashboard
    assert "Guides to check again" in staff_dashboard


def test_hiding_takes_no_permission_away(client, people):
    leader = people["leader"]
    assert PagePermissionPolicy().user_has_permission(leader, "change")
    assert leader.has_perm("consent.withdraw_consentrecord")
    client.force_login(leader)
    home = Page.objects.get(depth=2, locale__language_code="en")
    assert client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_explore", args=[home.pk])).status_code == 200


# --- The language of the screens --------------------------------------------------------------


def test_the_sign_in_page_is_gujarati_until_she_picks_a_language(client):
    html = client.get(LOGIN).content.decode()
    assert '<html lang="gu"' in html
    assert "સંવેદનામાં લૉગ ઇન કરો" in html and "પાસવર્ડ" in html
    assert 'href="?lang=hi"' in html and 'href="?lang=en"' in html

    # A phone set to Hindi gets Hindi; one set to English (most phones here) gets Gujarati.
    assert "संवेदना में लॉग इन करें" in client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    english_phone = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="gu"' in english_phone.content.decode()

    chosen = client.get(LOGIN, {"lang": "en"})
    assert "Sign in to Samvedna" in chosen.content.decode()
    cookie = chosen.cookies[COOKIE]
    assert cookie.value == "en" and cookie["path"] == "/admin/"
    # Remembered for the password-reset pages and the next visit.
    assert (
        "Reset your password" in client.get(reverse("wagtailadmin_password_reset")).content.decode()
    )


def test_a_signed_in_leaders_language_is_remembered_for_her_next_sign_in_page(client, people):
    UserProfile.objects.filter(user=people["leader"]).update(preferred_language="hi")
    client.force_login(people["leader"])
    response = client.get(reverse("wagtailadmin_home"))
    assert response.cookies[COOKIE].value == "hi"
    client.post(reverse("wagtailadmin_logout"))  # as her browser does: the cookie stays
    assert "संवेदना में लॉग इन करें" in client.get(LOGIN).content.decode()


def test_the_public_site_neither_sets_nor_follows_the_admins_language(client):
    client.cookies[COOKIE] = "hi"
    response = client.get("/gu/")
    assert response.status_code == 200 and not response.cookies
    assert '<html lang="gu"' in response.content.decode()


def test_the_password_reset_e_mail_is_in_her_accounts_language(client, people):
    UserProfile.objects.filter(user=people["leader"]).update(preferred_language="hi")
    client.post(reverse("wagtailadmin_password_reset"), {"email": "leader@example.org"})
    (message,) = mail.outbox
    assert message.subject.strip() == "पासवर्ड बदलें"
    assert "पासवर्ड बदलने के लिए नीचे दी गई लिंक खोलें:" in message.body
    assert "/admin/password_reset/confirm/" in message.body


def test_dates_and_relative_times_use_gujarati_and_hindi_words():
    day = datetime.date(2026, 12, 2)
    with translation.override("gu"):
        assert formats.date_format(day) == "2 ડિસેમ્બર 2026"
        assert formats.date_format(day, "j M Y") == "2 ડિસેમ્બર 2026"
        assert timesince_simple(timezone.now() - datetime.timedelta(minutes=6)) == "6\xa0મિનિટ પહેલાં"
    with translation.override("hi"):
        assert formats.date_format(day) == "2 दिसंबर 2026"
        moment = datetime.datetime(2026, 12, 2, 17, 5)
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2 दिसंबर 2026, 17:05"
        assert timesince_simple(timezone.now() - datetime.timedelta(hours=3)) == "3\xa0घंटे पहले"


def test_the_consent_records_listing_speaks_her_language(client, people):
    client.force_login(people["leader"])  # Gujarati
    html = client.get(reverse("wagtailsnippets_consent_consentrecord:list")).content.decode()
    assert "સ્થિતિ" in html  # the Status column and filter
    assert 'aria-label="કામ"' in html  # the header's "Actions"
    assert re.search(r'href="/admin/">\s*શરૂઆત\s*</a>', html)  # the breadcrumb "Home"
    assert "Status" not in html and 'aria-label="Actions"' not in html
    # Wagtail builds that breadcrumb once, at start-up: it still follows each request.
    UserProfile.objects.filter(user=people["leader"]).update(preferred_language="en")
    html = client.get(reverse("wagtailsnippets_consent_consentrecord:list")).content.decode()
    assert re.search(r'href="/admin/">\s*Home\s*</a>', html)


def test_a_leader_with_a_display_name_only_can_choose_her_language(client, people):
    """Added with a pseudonym and no surname (as invitations add people), she still saves."""
    leader = people["leader"]
    leader.first_name, leader.last_name = "મીના", ""
    leader.save()
    client.force_login(leader)
    page = client.get(reverse("wagtailadmin_account")).content.decode()
    assert "નામ (ઉપનામ પણ ચાલે)" in page and 'name="name_email-last_name"' not in page
    response = client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": "મીના",
            "name_email-email": leader.email,
            "locale-preferred_language": "hi",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302
    assert UserProfile.get_for_user(leader).preferred_language == "hi"
    assert '<html lang="hi"' in client.get(reverse("wagtailadmin_home")).content.decode()
    leader.refresh_from_db()
    assert (leader.first_name, leader.last_name) == ("મીના", "")


def account_form(user, email: str) -> dict:
    return {
        "name_email-first_name": user.first_name or "Meena",
        "name_email-email": email,
        "locale-preferred_language": "gu",
        "theme-theme": "system",
        "theme-contrast": "system",
        "theme-density": "default",
        "theme-keyboard_shortcuts": "on",
    }


def test_her_new_e_mail_address_becomes_her_sign_in_name(client, django_user_model):
    """Invited people sign in with their address: changing it on her account page moves both."""
    from tests.support import people as people_module

    leader = people_module.leader("meena@example.org", email="meena@example.org")
    client.force_login(leader)
    response = client.post(reverse("wagtailadmin_account"), account_form(leader, "Meena@New.org"))
    assert response.status_code == 302
    leader.refresh_from_db()
    assert (leader.email, leader.get_username()) == ("meena@new.org", "meena@new.org")
    she = django_user_model._default_manager.get_by_natural_key("meena@new.org")
    assert she.pk == leader.pk and she.check_password(people_module.PASSWORD)


def test_a_sign_in_name_that_is_not_her_address_stays(client, people):
    leader = people["leader"]  # signs in as "leader", not with her address
    client.force_login(leader)
    client.post(reverse("wagtailadmin_account"), account_form(leader, "other@example.org"))
    leader.refresh_from_db()
    assert (leader.email, leader.get_username()) == ("other@example.org", "leader")


def test_another_persons_address_is_refused_on_her_account_page(client, people):
    leader, staff = people["leader"], people["staff"]
    client.force_login(leader)
    response = client.post(reverse("wagtailadmin_account"), account_form(leader, staff.email))
    assert response.status_code == 200  # the form again, with the reason
    leader.refresh_from_db()
    assert leader.email != staff.email
