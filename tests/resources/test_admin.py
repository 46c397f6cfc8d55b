"""Guides in the admin: the identifying-detail scanner and helplines, helpline permissions for
the three groups, and the dashboard panel of guides due for review."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Page

from consent.guard import ConsentGuardError
from consent.identifying import find_identifying_details
from moderation.groups import ADMINISTRATORS, LEADERS, STAFF
from resources.helplines import Helpline
from resources.wagtail_hooks import ResourcesDueForCheckPanel
from tests.support.resource_factories import (
    TODAY,
    download_blocks,
    helpline_blocks,
    make_document,
    make_helpline,
    make_resource,
    new_index,
)

pytestmark = pytest.mark.django_db

MOBILE = "98765 43210"
# A public office's landline: the scanner would flag it as a phone number in page text.
OFFICE_LINE = "079 2325 0000"


def user_in(django_user_model, group: str, name: str = "someone"):
    user = django_user_model.objects.create_user(name, password="x" * 12)
    user.groups.add(Group.objects.get(name=group))
    return user


# --- The scanner and helplines --------------------------------------------------------------


def test_a_guide_showing_helplines_publishes_although_their_numbers_look_like_phones():
    assert find_identifying_details(OFFICE_LINE), "the number must look like a phone number"
    office = make_helpline(OFFICE_LINE, "District legal aid office")
    index = new_index()
    page = make_resource(
        index, "Legal aid", live=False, helplines=helpline_blocks(office, make_helpline("181"))
    )
    page.save_revision().publish()
    assert Page.objects.get(pk=page.pk).live


def test_a_personal_mobile_number_in_the_guide_text_is_still_refused():
    index = new_index()
    page = make_resource(
        index,
        "Legal aid",
        live=False,
        helplines=helpline_blocks(make_helpline("181")),
        guide=[{"type": "paragraph", "value": f"<p>Call Meena on {MOBILE} after six.</p>"}],
    )
    with pytest.raises(ConsentGuardError, match="mobile phone number"):
        page.save_revision().publish()
    assert not Page.objects.get(pk=page.pk).live


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summary", f"Ring {MOBILE}."),
        ("steps", [{"type": "step", "value": {"title": f"Call {MOBILE}", "text": "<p>x</p>"}}]),
        ("documents_needed", [{"type": "item", "value": f"A letter; phone {MOBILE}"}]),
        ("guide", [{"type": "callout", "value": {"kind": "tip", "text": f"<p>{MOBILE}</p>"}}]),
    ],
)
def test_every_text_part_of_a_guide_is_scanned(field, value):
    index = new_index()
    page = make_resource(index, "Scanned", live=False, **{field: value})
    with pytest.raises(ConsentGuardError, match="mobile phone number"):
        page.save_revision().publish()


def test_a_download_whose_title_carries_a_personal_number_is_refused():
    index = new_index()
    document = make_document(f"Form filled by Meena {MOBILE}")
    page = make_resource(index, "Forms", live=False, downloads=download_blocks(document))
    with pytest.raises(ConsentGuardError, match="mobile phone number"):
        page.save_revision().publish()


def test_the_admin_refuses_to_publish_a_mobile_in_the_guide_but_not_a_helpline(
    administrator_client,
):
    # Site administrators publish guides directly (staff write them and send them for review).
    index = new_index()
    office = make_helpline(OFFICE_LINE, "District legal aid office")
    url = reverse("wagtailadmin_pages:add", args=["resources", "resourcepage", index.pk])
    data = {
        "title": "Legal aid",
        "slug": "legal-aid",
        "category": "legal-rights",
        "needs": ["police"],
        "summary": "Free legal help for women.",
        "steps-count": "0",
        "documents_needed-count": "0",
        "guide-count": "0",
        "downloads-count": "0",
        "helplines-count": "1",
        "sources-count": "0",
        "helplines-0-type": "helpline",
        "helplines-0-deleted": "",
        "helplines-0-order": "0",
        "helplines-0-value": str(office.pk),
        "last_reviewed": "2025-05-10",
        "review_by": "2026-05-10",
        "action-publish": "action-publish",
    }
    refused = administrator_client.post(url, {**data, "summary": f"Call Meena on {MOBILE}."})
    assert refused.status_code == 200
    assert "looks like a mobile phone number" in refused.content.decode()
    assert not Page.objects.filter(slug="legal-aid").exists()

    published = administrator_client.post(url, data)
    assert published.status_code == 302, published.content.decode()[:3000]
    assert Page.objects.get(slug="legal-aid").live


# --- Helpline permissions ---------------------------------------------------------------------


@pytest.mark.parametrize("group", [STAFF, LEADERS, ADMINISTRATORS])
def test_each_group_may_add_change_delete_and_view_helplines(group):
    codenames = set(
        Group.objects.get(name=group)
        .permissions.filter(content_type__app_label="resources")
        .values_list("codename", flat=True)
    )
    assert codenames == {"add_helpline", "change_helpline", "delete_helpline", "view_helpline"}


def test_staff_can_create_a_helpline_in_the_admin(client, django_user_model):
    client.force_login(user_in(django_user_model, STAFF))
    listing = client.get(reverse("wagtailsnippets_resources_helpline:list"))
    assert listing.status_code == 200
    url = reverse("wagtailsnippets_resources_helpline:add") + "?locale=gu"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "મહિલા હેલ્પલાઇન",
            "number": "181",
            "hours": "24 કલાક",
            "helps_with": "હિંસા કે હેરાનગતિ.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    helpline = Helpline.objects.get(name="મહિલા હેલ્પલાઇન")
    assert helpline.locale.language_code == "gu" and helpline.number == "181"


def test_the_helpline_form_explains_a_bad_number(client, django_user_model):
    client.force_login(user_in(django_user_model, STAFF))
    url = reverse("wagtailsnippets_resources_helpline:add")
    response = client.post(url, {"name": "Someone", "number": "call me", "helps_with": ""})
    assert response.status_code == 200
    assert "Use digits, spaces" in response.content.decode()
    assert not Helpline.objects.filter(name="Someone").exists()


def test_helplines_can_be_searched_in_the_admin(staff_client):
    make_helpline("1800 180 1104", "Tuberculosis helpline")
    response = staff_client.get(reverse("wagtailsnippets_resources_helpline:list"), {"q": "tuber"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tuberculosis helpline" in content
    assert "Childline" not in content


def test_a_user_without_the_permission_cannot_add_helplines(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(
        reverse("wagtailsnippets_resources_helpline:add"), {"name": "X", "number": "112"}
    )
    assert response.status_code in (302, 403)
    assert not Helpline.objects.filter(name="X").exists()


# --- Dashboard panel ------------------------------------------------------------------------


@pytest.fixture
def due_guides():
    english = new_index("en")
    gujarati = new_index("gu")
    day = datetime.timedelta(days=1)
    return {
        "overdue": make_resource(
            english, "Overdue guide", last_reviewed=TODAY - 400 * day, review_by=TODAY - 5 * day
        ),
        "gujarati": make_resource(
            gujarati,
            "ગુજરાતી માર્ગદર્શિકા",
            slug="gujarati-guide",
            last_reviewed=TODAY - 300 * day,
            review_by=TODAY + 10 * day,
        ),
        "soon": make_resource(
            english, "Due soon guide", last_reviewed=TODAY - 300 * day, review_by=TODAY + 30 * day
        ),
        "later": make_resource(
            english, "Later guide", last_reviewed=TODAY - 300 * day, review_by=TODAY + 31 * day
        ),
        "draft": make_resource(
            english,
            "Draft guide",
            live=False,
            last_reviewed=TODAY - 400 * day,
            review_by=TODAY - 5 * day,
        ),
    }


def test_panel_lists_overdue_and_soon_due_guides_in_every_language(
    staff_client, due_guides, django_assert_num_queries
):
    with django_assert_num_queries(1):
        context = ResourcesDueForCheckPanel().get_context_data()
    overdue = [page.title for page in context["overdue"]]
    due_soon = [page.title for page in context["due_soon"]]
    assert "Overdue guide" in overdue and "Overdue guide" not in due_soon
    assert {"ગુજરાતી માર્ગદર્શિકા", "Due soon guide"} <= set(due_soon)
    assert "Later guide" not in overdue + due_soon
    assert "Draft guide" not in overdue + due_soon

    # Staff keep the guides up to date: the panel is on their dashboard.
    content = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Guides to check again" in content
    for key in ("overdue", "gujarati", "soon"):
        edit = reverse("wagtailadmin_pages:edit", args=[due_guides[key].pk])
        assert f'href="{edit}"' in content, key
    assert reverse("wagtailadmin_pages:edit", args=[due_guides["later"].pk]) not in content
    assert "ગુજરાતી" in content  # the language of each guide is named


def test_panel_is_shown_to_staff_who_can_edit_pages_only(client, django_user_model, due_guides):
    staff = user_in(django_user_model, STAFF, "staff")
    client.force_login(staff)
    assert "Guides to check again" in client.get(reverse("wagtailadmin_home")).content.decode()

    outsider = django_user_model.objects.create_user("outsider", password="x" * 12)
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Guides to check again" not in response.content.decode()


def test_panel_says_so_when_nothing_is_due():
    from resources.models import ResourcePage

    ResourcePage.objects.update(review_by=TODAY + datetime.timedelta(days=100))
    html = ResourcesDueForCheckPanel().render_html({})
    assert "No guide needs checking in the next 30 days." in html
