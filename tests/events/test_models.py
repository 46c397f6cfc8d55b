"""Event page types: where they sit, their fields and validation, India time, the blocks."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.blocks import RecapBlock
from events.models import EventIndexPage, EventPage, EventStatus, Town
from home.models import HomePage, StandardPage
from tests.support.event_factories import add_event, new_index
from tests.support.helpers import parse

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def test_events_sit_under_an_index_and_have_no_children():
    index = new_index()
    assert EventPage.can_create_at(index)
    assert not EventPage.can_create_at(HomePage.objects.get(locale__language_code="en"))
    assert not StandardPage.can_create_at(index)
    assert EventIndexPage.parent_page_types == ["home.HomePage"]
    assert EventIndexPage.subpage_types == ["events.EventPage"]
    assert EventPage.subpage_types == []


def test_end_before_start_is_refused_with_a_clear_message():
    index = new_index()
    start = timezone.now()
    event = EventPage(
        title="Backwards",
        slug="backwards",
        start=start,
        end=start - datetime.timedelta(minutes=1),
        town=Town.BHUJ,
        announcement="A meeting.",
    )
    with pytest.raises(ValidationError) as refused:
        index.add_child(instance=event)
    assert "cannot end before it starts" in str(refused.value.message_dict["end"])
    assert not EventPage.objects.filter(slug="backwards").exists()
    # Ending exactly when it starts is allowed (a moment, say a deadline).
    event = add_event(index, "Instant", start=start, hours=0)
    assert event.end == event.start


def test_the_editor_sees_the_end_error_next_to_the_field(staff_client):
    # Staff write the events.
    index = new_index()
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
    form = staff_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "title": "Backwards in the editor",
            "slug": "backwards-editor",
            "start": "2025-03-11 11:00",
            "end": "2025-03-11 10:00",
            "town": "bhuj",
            "status": "scheduled",
            "announcement": "A meeting.",
            "recap-count": "0",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "end" in errors, errors
    assert "cannot end before it starts" in errors["end"][0]
    assert not EventPage.objects.filter(slug="backwards-editor").exists()


def test_town_is_a_town_of_kutch_or_online_never_an_address():
    index = new_index()
    assert Town.values == [
        "bhuj",
        "gandhidham",
        "anjar",
        "mandvi",
        "mundra",
        "bhachau",
        "rapar",
        "nakhatrana",
        "abdasa-naliya",
        "lakhpat",
        "online",
    ]
    event = add_event(index, "Somewhere", live=False)
    event.town = "Plot 12, Station Road, Bhuj"
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "town" in refused.value.message_dict


def test_attendance_is_optional_and_positive():
    index = new_index()
    event = add_event(index, "Counted", live=False)
    event.attendance = None
    event.full_clean()
    event.attendance = 0
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "attendance" in refused.value.message_dict


def test_times_are_shown_in_india_time_whatever_the_active_time_zone(client):
    index = new_index()
    # 04:30 UTC is 10:00 in India.
    start = datetime.datetime(2024, 6, 1, 4, 30, tzinfo=UTC)
    add_event(index, "Morning meeting", start=start, hours=26)
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        html = client.get("/en/test-events/morning-meeting/").content.decode()
    times = parse(html).find("time")
    assert [t["datetime"] for t in times] == [
        "2024-06-01T10:00:00+05:30",
        "2024-06-02T12:00:00+05:30",
    ]
    assert "1 June 2024, 10:00" in html
    assert "2 June 2024," in html and "12:00" in html  # another day: the end shows its date


def test_status_labels_and_cancelled_events_say_so(client):
    index = new_index()
    add_event(index, "Called off", status=EventStatus.CANCELLED)
    html = client.get("/en/test-events/called-off/").content.decode()
    assert "Cancelled" in html
    assert "Add this event to your calendar" not in html
    listing = client.get("/en/test-events/").content.decode()
    assert "Cancelled" in listing


def test_every_recap_block_has_a_preview_value_that_renders():
    stream = RecapBlock()
    assert stream.get_preview_value()
    for name, block in stream.child_blocks.items():
        assert getattr(block.meta, "preview_value", None), f"block {name} has no preview_value"
        html = block.render(block.get_preview_value())
        assert html.strip(), name
    assert "Bhuj" in stream.render(stream.get_preview_value())


def test_event_page_type_declares_search_and_translation_fields():
    filters = {getattr(f, "field_name", None) for f in EventPage.search_fields}
    assert {"locale_id", "start"} <= filters
    searched = {
        f.field_name for f in EventPage.search_fields if f.__class__.__name__ == "SearchField"
    }
    assert {"announcement", "recap", "guests"} <= searched
    kinds = {f.field_name: f.__class__.__name__ for f in EventPage.translatable_fields}
    for name in ("start", "end", "town", "attendance", "status"):
        assert kinds[name] == "SynchronizedField", name
    for name in ("title", "announcement", "recap", "guests", "departments"):
        assert kinds[name] == "TranslatableField", name


def test_identifying_details_in_the_announcement_block_publishing():
    from consent.guard import ConsentGuardError

    index = new_index()
    event = add_event(
        index,
        "Call us",
        live=False,
        announcement="Ring 98250 12345 to join.",
    )
    with pytest.raises(ConsentGuardError, match="announcement"):
        event.save_revision().publish()
    event.refresh_from_db()
    assert not event.live


def test_editors_can_add_an_event_index_under_a_home_page():
    assert EventIndexPage.can_create_at(HomePage.objects.get(locale__language_code="en"))


def test_wagtail_localize_extracts_the_texts_to_translate_and_keeps_photos_and_consent():
    """Translators get the texts (announcement, recap captions, guests); whether a photo shows
    people is not theirs to change."""
    from wagtail_localize.segments.extract import extract_segments
    from wagtail_localize.segments.types import StringSegmentValue

    from tests.support.event_factories import gallery_block, paragraph, photo_block
    from tests.support.story_factories import make_consent, make_image

    record = make_consent(photo=True)
    image = make_image()
    event = add_event(
        new_index(),
        "To translate",
        guests="A leader of Samvedna",
        recap=[
            paragraph("We met in the morning."),
            photo_block(image, consent=record, caption="The morning meeting"),
            gallery_block(
                {"image": image.pk, "caption": "Hands", "shows_people": True, "consent": record.pk}
            ),
        ],
    )
    segments = extract_segments(event)
    texts = {s.string.data for s in segments if isinstance(s, StringSegmentValue)}
    for expected in (
        "To translate",
        "Announcement of To translate.",
        "A leader of Samvedna",
        "We met in the morning.",
        "The morning meeting",
        "Hands",
    ):
        assert any(expected in text for text in texts), (expected, texts)
    assert not any("shows_people" in s.path for s in segments)
    # The image and the consent record can only be swapped for another (wagtail-localize's
    # "overridable" segments), and the translation's publication checks whichever it has.
    consent_segments = [s for s in segments if s.path.endswith(".consent")]
    assert consent_segments
    assert not any(isinstance(s, StringSegmentValue) for s in consent_segments)
