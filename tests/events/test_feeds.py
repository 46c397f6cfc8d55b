"""What machines read from event pages: schema.org JSON-LD, iCalendar files and feeds, RSS."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale

from events.models import EventStatus
from tests.support.event_factories import add_event, new_index, site_index
from tests.support.helpers import parse

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
START = datetime.datetime(2024, 6, 1, 4, 30, tzinfo=UTC)  # 10:00 in India
HOSTILE = "</script><script>alert(1)</script><!-- & <b>"


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def index():
    return new_index()


GUJARATI_TITLE = "ભુજમાં આંતરરાષ્ટ્રીય સેક્સ વર્કર દિવસ"


@pytest.fixture
def gujarati_event():
    """An event on the site in English and, translated, in Gujarati."""
    english = add_event(
        site_index("en"), "International Sex Workers Day in Bhuj", slug="sex-workers-day"
    )
    translation = english.copy_for_translation(Locale.objects.get(language_code="gu"))
    translation.title = GUJARATI_TITLE
    translation.announcement = "ભુજમાં સંવેદનાની બહેનો ભેગી થશે."
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


# --- JSON-LD ----------------------------------------------------------------------------------


def test_every_event_page_describes_itself_as_a_schema_org_event(client, index):
    add_event(
        index,
        "Rights day",
        start=START,
        hours=6,
        town="anjar",
        announcement="A day about <our> rights & dignity.",
    )
    html = client.get("/en/test-events/rights-day/").content.decode()
    (data,) = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Rights day"
    assert data["startDate"] == "2024-06-01T10:00:00+05:30"
    assert data["endDate"] == "2024-06-01T16:00:00+05:30"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "Anjar",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Anjar",
            "addressRegion": "Gujarat",
            "addressCountry": "IN",
        },
    }
    assert {"@type": "Organization", "name": "Samvedna"} in data["organizer"]
    assert {"@type": "Organization", "name": "KMVS"} in data["organizer"]
    assert data["description"] == "A day about <our> rights & dignity."
    assert data["url"] == "http://testserver/en/test-events/rights-day/"
    assert data["inLanguage"] == "en"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (EventStatus.CANCELLED, "https://schema.org/EventCancelled"),
        (EventStatus.POSTPONED, "https://schema.org/EventPostponed"),
    ],
)
def test_status_is_mapped_to_schema_org(client, index, status, expected):
    add_event(index, "Changed plans", status=status)
    (data,) = json_ld(client.get("/en/test-events/changed-plans/").content.decode())
    assert data["eventStatus"] == expected


def test_online_events_have_a_virtual_location(client, index):
    add_event(index, "On the phone", town="online")
    (data,) = json_ld(client.get("/en/test-events/on-the-phone/").content.decode())
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "http://testserver/en/test-events/on-the-phone/",
    }


def test_a_hostile_title_stays_inside_the_json(client, index):
    add_event(index, HOSTILE, slug="hostile", announcement=HOSTILE)
    html = client.get("/en/test-events/hostile/").content.decode()
    head = html[: html.index("</head>")]
    # One JSON-LD script, and no script element the title could have opened.
    assert head.count("<script") == 2  # the quick-exit script and the JSON-LD
    assert "<script>alert(1)" not in html
    (data,) = json_ld(html)
    assert data["name"] == HOSTILE
    assert data["description"] == HOSTILE
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw


def test_json_ld_in_gujarati_keeps_the_text_and_the_offset(client, gujarati_event):
    (data,) = json_ld(client.get(gujarati_event.url).content.decode())
    assert data["name"] == GUJARATI_TITLE
    assert data["inLanguage"] == "gu"
    assert data["startDate"].endswith("+05:30")


# --- iCalendar --------------------------------------------------------------------------------


def read_calendar(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_one_event_as_an_ics_file(client, index):
    event = add_event(index, "Open meeting", start=START, hours=2, town="mandvi")
    response = client.get("/en/test-events/open-meeting/calendar/")
    assert response["Content-Disposition"] == 'attachment; filename="open-meeting.ics"'
    cal = read_calendar(response)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//Samvedna//Events//EN"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Open meeting"
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{event.translation_key}-en@samvedna"
    assert vevent.decoded("DTSTART") == START
    assert vevent.decoded("DTEND") == START + datetime.timedelta(hours=2)
    assert vevent.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert "DTSTAMP" in vevent
    assert str(vevent["SUMMARY"]) == "Open meeting"
    assert str(vevent["DESCRIPTION"]).startswith("Announcement of Open meeting.")
    assert "http://testserver/en/test-events/open-meeting/" in str(vevent["DESCRIPTION"])
    assert str(vevent["LOCATION"]) == "Mandvi, Kutch, Gujarat, India"
    assert str(vevent["URL"]) == "http://testserver/en/test-events/open-meeting/"
    assert str(vevent["STATUS"]) == "CONFIRMED"


def test_the_uid_is_stable_when_the_event_changes(client, index):
    event = add_event(index, "First title")
    uid = read_calendar(client.get(event.url + "calendar/")).walk("VEVENT")[0]["UID"]
    event.title = "A better title"
    event.start = event.start + datetime.timedelta(days=1)
    event.end = event.end + datetime.timedelta(days=1)
    event.save()
    again = read_calendar(client.get(event.url + "calendar/")).walk("VEVENT")[0]
    assert again["UID"] == uid and str(again["SUMMARY"]) == "A better title"


@pytest.mark.parametrize(
    ("status", "expected"),
    [(EventStatus.CANCELLED, "CANCELLED"), (EventStatus.POSTPONED, "TENTATIVE")],
)
def test_ics_status(client, index, status, expected):
    event = add_event(index, "Maybe", status=status)
    vevent = read_calendar(client.get(event.url + "calendar/")).walk("VEVENT")[0]
    assert str(vevent["STATUS"]) == expected


def test_gujarati_text_round_trips_through_the_calendar(client, gujarati_event):
    event = gujarati_event
    cal = read_calendar(client.get(event.url + "calendar/"))
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["DESCRIPTION"]).startswith(event.announcement)
    assert str(vevent["UID"]).endswith("-gu@samvedna")


def test_upcoming_events_calendar_feed_per_language(client, index):
    add_event(index, "Past one", start=timezone.now() - datetime.timedelta(days=3))
    add_event(index, "Going on now", start=timezone.now() - datetime.timedelta(hours=1), hours=4)
    add_event(index, "Next week", start=timezone.now() + datetime.timedelta(days=7))
    add_event(index, "Tomorrow", start=timezone.now() + datetime.timedelta(days=1))
    add_event(index, "Draft", live=False)
    gujarati = new_index("gu")
    copy = add_event(index, "Translated").copy_for_translation(
        Locale.objects.get(language_code="gu")
    )
    copy.title = "અનુવાદિત કાર્યક્રમ"
    copy.save_revision().publish()

    response = client.get("/en/test-events/calendar/")
    assert "samvedna-events-en.ics" in response["Content-Disposition"]
    cal = read_calendar(response)
    assert str(cal["X-WR-CALNAME"]) == "Samvedna events: Test events"
    summaries = [str(v["SUMMARY"]) for v in cal.walk("VEVENT")]
    assert summaries == ["Going on now", "Tomorrow", "Next week", "Translated"]
    uids = [str(v["UID"]) for v in cal.walk("VEVENT")]
    assert len(set(uids)) == len(uids)

    cal = read_calendar(client.get(gujarati.url + "calendar/"))
    assert [str(v["SUMMARY"]) for v in cal.walk("VEVENT")] == ["અનુવાદિત કાર્યક્રમ"]
    # The same event in two languages: two different UIDs, so both can be in one calendar.
    assert str(cal.walk("VEVENT")[0]["UID"]) not in uids


# --- RSS and links -------------------------------------------------------------------------------


def test_rss_feed_of_events_per_language(client, index):
    add_event(index, "Older", start=START)
    newest = add_event(index, "Newer", start=START + datetime.timedelta(days=3))
    newest.first_published_at = timezone.now() + datetime.timedelta(minutes=1)
    newest.save()
    add_event(index, "Draft", live=False)
    response = client.get("/en/test-events/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Events of Samvedna: Test events"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Newer", "Older"]
    assert items[1].findtext("link") == "http://testserver/en/test-events/older/"
    description = items[1].findtext("description")
    assert "1 June 2024, 10:00 · Bhuj" in description
    assert "Announcement of Older." in description
    assert "<img" not in response.content.decode()


def test_gujarati_feed_lists_only_gujarati_events(client, gujarati_event):
    response = client.get(site_index("gu").url + "feed/")
    titles = [i.findtext("title") for i in ET.fromstring(response.content).iter("item")]
    assert titles == [GUJARATI_TITLE]
    assert "International Sex Workers Day in Bhuj" not in titles


def test_index_and_event_pages_link_their_feeds_and_calendars(client, index):
    add_event(index, "Linked")
    for url, calendar in [
        ("/en/test-events/", "/en/test-events/calendar/"),
        ("/en/test-events/linked/", "/en/test-events/linked/calendar/"),
    ]:
        html = parse(client.get(url).content)
        assert [link["href"] for link in html.find("link", type="text/calendar")] == [calendar]
        assert [link["href"] for link in html.find("link", type="application/rss+xml")] == [
            "/en/test-events/feed/"
        ]
        assert calendar in [a["href"] for a in html.find("a")]
        stylesheets = [link["href"] for link in html.find("link", rel="stylesheet")]
        assert "/static/css/events.css" in stylesheets


def test_feeds_and_calendars_leave_no_trace(client, index):
    """Like every public page: no cookie, no Vary: Cookie, nothing from another host."""
    add_event(index, "Quiet")
    for url in [
        "/en/test-events/feed/",
        "/en/test-events/calendar/",
        "/en/test-events/quiet/calendar/",
        "/en/test-events/",
        "/en/test-events/quiet/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "cookie" not in response.get("Vary", "").lower(), url
        # Nothing is loaded from another host (links to other sites, like quick exit, are fine).
        assert not re.search(r"src=\"(https?:)?//", response.content.decode()), url
