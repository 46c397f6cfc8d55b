"""Validation of guides and helplines, as an editor meets it in the admin and in code."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page

from resources.helplines import Helpline
from resources.models import SUMMARY_MAX_LENGTH, ResourceIndexPage, ResourcePage
from tests.support.resource_factories import TODAY, make_helpline, make_resource, new_index

pytestmark = pytest.mark.django_db


def guide(**fields) -> ResourcePage:
    fields.setdefault("title", "A guide")
    fields.setdefault("slug", "a-guide")
    fields.setdefault("category", "legal-rights")
    fields.setdefault("needs", ["police"])
    fields.setdefault("summary", "Short.")
    return ResourcePage(**fields)


def errors(page: ResourcePage) -> dict[str, list[str]]:
    try:
        page.full_clean(exclude=["path", "depth"])
    except ValidationError as error:
        return error.message_dict
    return {}


# --- Summary ----------------------------------------------------------------------------------


def test_summary_is_limited_to_600_characters():
    assert SUMMARY_MAX_LENGTH == 600
    assert "summary" not in errors(guide(summary="ક" * 600))
    assert "summary" in errors(guide(summary="ક" * 601))


def test_a_too_long_summary_cannot_be_saved_either():
    index = new_index()
    with pytest.raises(ValidationError, match="600"):
        make_resource(index, "Long", summary="word " * 121)
    assert not ResourcePage.objects.filter(slug="long").exists()


def test_summary_help_text_says_how_long_it_may_be():
    help_text = str(ResourcePage._meta.get_field("summary").help_text)
    assert "600 characters" in help_text and "under a minute" in help_text


# --- Review dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("days_after", [0, -1, -365])
def test_review_by_must_come_after_last_reviewed(days_after):
    reviewed = datetime.date(2025, 5, 10)
    found = errors(
        guide(last_reviewed=reviewed, review_by=reviewed + datetime.timedelta(days=days_after))
    )
    assert list(found) == ["review_by"]
    assert "after" in found["review_by"][0] and "10 May 2025" in found["review_by"][0]


def test_a_new_guide_is_due_for_review_a_year_after_today():
    page = guide()
    assert page.last_reviewed == TODAY
    assert page.review_by == TODAY + datetime.timedelta(days=365)
    assert errors(page) == {}


# --- Category and tasks -----------------------------------------------------------------------


def test_needs_must_be_chosen_from_the_fixed_list():
    assert "needs" in errors(guide(needs=[]))
    assert "needs" in errors(guide(needs=["pension", "fly-to-the-moon"]))
    assert "category" in errors(guide(category="astrology"))
    assert errors(guide(needs=["school", "pension"])) == {}


def test_needs_survive_a_revision_and_publishing():
    index = new_index()
    page = make_resource(index, "Widow pension", live=False, needs=["bank-or-loan", "pension"])
    revision = page.save_revision()
    page.needs = ["school"]  # not saved: the revision holds the earlier value
    revision.publish()
    stored = ResourcePage.objects.get(pk=page.pk)
    assert stored.live
    assert stored.needs == ["pension", "bank-or-loan"]  # in the order of the fixed list
    assert revision.as_object().needs == ["pension", "bank-or-loan"]


def test_guides_live_only_under_a_guide_index_which_lives_under_a_home_page():
    from home.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="en")
    index = new_index()
    assert ResourceIndexPage.parent_page_types == ["home.HomePage"]
    assert ResourcePage.can_create_at(index)
    assert not ResourcePage.can_create_at(home)
    assert not StandardPage.can_create_at(index)
    assert not ResourceIndexPage.can_create_at(index)
    assert ResourcePage.subpage_types == []


def test_editors_can_add_a_guide_index_under_a_home_page():
    from home.models import HomePage

    assert ResourceIndexPage.can_create_at(HomePage.objects.get(locale__language_code="en"))


def test_texts_are_translatable_and_facts_synchronised():
    from wagtail_localize.fields import SynchronizedField, TranslatableField

    kinds = {
        field.field_name: type(field)
        for field in ResourcePage.translatable_fields
        if isinstance(field, TranslatableField | SynchronizedField)
    }
    for name in ("title", "summary", "guide", "steps", "documents_needed", "helplines"):
        assert kinds[name] is TranslatableField, name
    for name in ("category", "needs", "last_reviewed", "review_by", "featured"):
        assert kinds[name] is SynchronizedField, name


# --- Helplines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["1097", "181", "112", "1098", "1800 180 1104", "1800-11-0031", "+91 11 2345 6789", "14567"],
)
def test_helpline_numbers_may_have_digits_spaces_plus_and_dashes(number):
    helpline = make_helpline(number)
    assert Helpline.objects.get(pk=helpline.pk).number == number


@pytest.mark.parametrize(
    "number",
    [
        "",
        "1",
        "call 1097",
        "1097 ext. 2",
        "(079) 2325",
        "1097#",
        "++91 1097",
        "1097-",
        "१०९७",
        "૧૦૯૭",
        "1" * 21,
        "98765 43210",
        "+91-98765-43210",
    ],
)
def test_other_helpline_numbers_are_refused_with_a_clear_message(number):
    with pytest.raises(ValidationError) as refused:
        make_helpline(number)
    assert "number" in refused.value.message_dict
    assert not Helpline.objects.filter(number=number).exists()


def test_a_personal_mobile_number_cannot_become_a_helpline():
    with pytest.raises(ValidationError, match="personal mobile"):
        make_helpline("98250 12345")


@pytest.mark.parametrize("field", ["name", "hours", "helps_with"])
def test_a_helpline_text_with_a_personal_detail_is_refused(field):
    with pytest.raises(ValidationError) as refused:
        make_helpline("181", **{"name": "Women helpline", field: "Ask Meena on 98765 43210"})
    assert field in refused.value.message_dict


def test_a_helplines_tel_link_keeps_only_digits_and_a_leading_plus():
    assert make_helpline("1800-11-0031").tel_uri == "tel:1800110031"
    assert make_helpline("+91 11 2345 6789").tel_uri == "tel:+911123456789"


def test_each_language_has_its_own_copy_of_a_helpline():
    from wagtail.models import Locale

    english = make_helpline("1097", "National AIDS helpline")
    gujarati = english.copy_for_translation(Locale.objects.get(language_code="gu"))
    gujarati.name = "રાષ્ટ્રીય એઇડ્સ હેલ્પલાઇન"
    gujarati.save()
    assert gujarati.translation_key == english.translation_key
    assert english.get_translation(gujarati.locale).name == "રાષ્ટ્રીય એઇડ્સ હેલ્પલાઇન"
    assert gujarati.number == "1097"


# --- In the admin -----------------------------------------------------------------------------


def form_data(**changes) -> dict:
    data = {
        "title": "Getting a pension",
        "slug": "getting-a-pension",
        "category": "pensions-and-benefits",
        "needs": ["pension"],
        "summary": "Apply at the taluka office.",
        "steps-count": "0",
        "documents_needed-count": "0",
        "guide-count": "0",
        "downloads-count": "0",
        "helplines-count": "0",
        "sources-count": "0",
        "last_reviewed": "2025-05-10",
        "review_by": "2026-05-10",
    }
    data.update(changes)
    return data


def add_url(index) -> str:
    return reverse("wagtailadmin_pages:add", args=["resources", "resourcepage", index.pk])


@pytest.mark.parametrize(("who", "published"), [("staff", False), ("administrator", True)])
def test_staff_write_a_guide_in_the_admin_and_administrators_publish_it(request, who, published):
    # Staff keep the guides; only site administrators publish them directly.
    client = request.getfixturevalue(f"{who}_client")
    index = new_index()
    assert client.get(add_url(index)).status_code == 200
    response = client.post(
        add_url(index),
        form_data(
            **{
                "steps-count": "1",
                "steps-0-type": "step",
                "steps-0-deleted": "",
                "steps-0-order": "0",
                "steps-0-value-title": "Open a bank account",
                "steps-0-value-text": '{"blocks": [], "entityMap": {}}',
                "needs": ["pension", "bank-or-loan"],
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ResourcePage.objects.get(slug="getting-a-pension")
    assert page.live is published
    assert page.get_parent().pk == index.pk
    page = page.get_latest_revision_as_object()
    assert page.needs == ["pension", "bank-or-loan"]
    assert page.steps[0].value["title"] == "Open a bank account"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"review_by": "2025-05-10"}, "review_by", "must come after"),
        ({"summary": "x" * 601}, "summary", "600"),
        ({"needs": []}, "needs", "required"),
    ],
)
def test_the_admin_form_shows_each_error_beside_its_field(
    administrator_client, changes, field, message
):
    # Publishing checks every field (a draft may leave "needs" empty): administrators publish.
    index = new_index()
    response = administrator_client.post(
        add_url(index), form_data(**changes, **{"action-publish": "1"})
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Page.objects.filter(slug="getting-a-pension").exists()


def test_edit_screens_of_guides_and_indexes_open_in_every_language(
    staff_client, pages_of_each_kind
):
    pages = [*ResourceIndexPage.objects.all()]
    pages += [
        ResourcePage.objects.filter(locale__language_code=code).first()
        for code in ["en", "gu", "hi"]
    ]
    for page in pages:
        response = staff_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page


def test_translators_get_the_texts_of_a_guide_and_its_helplines_to_translate():
    from wagtail_localize.models import TranslationSource

    from tests.support.resource_factories import helpline_blocks

    page = make_resource(
        new_index(),
        "If the police stop you",
        category="legal-rights",
        needs=["police"],
        steps=[{"type": "step", "value": {"title": "Stay calm and ask why", "text": "<p>.</p>"}}],
        documents_needed=[{"type": "item", "value": "Your identity card"}],
        guide=[{"type": "paragraph", "value": "<p>You have rights.</p>"}],
        helplines=helpline_blocks(make_helpline("112", "Emergency"), make_helpline("181", "Women")),
    )
    source, _created = TranslationSource.get_or_create_from_instance(page)
    fields = {segment.context.path.split(".")[0] for segment in source.stringsegment_set.all()}
    assert {"title", "summary", "steps", "documents_needed", "guide"} <= fields
    assert not {"category", "needs", "last_reviewed", "review_by", "slug"} & fields
    strings = {segment.string.data for segment in source.stringsegment_set.all()}
    assert "Stay calm and ask why" in strings
    # Each chosen helpline is translated as its own snippet: each language shows its own copy.
    helplines = source.relatedobjectsegment_set.all()
    assert [segment.context.path.split(".")[0] for segment in helplines] == ["helplines"] * 2
    assert source.as_instance().needs == ["police"]


def test_comparing_two_revisions_shows_the_tasks_added_and_removed(staff_client):
    page = make_resource(new_index(), "Widow pension", needs=["pension", "bank-or-loan"])
    first = page.save_revision()
    page.needs = ["pension", "school"]
    second = page.save_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<span class="deletion">Open a bank account or get a loan</span>' in content
    assert '<span class="addition">Get your child into school</span>' in content
