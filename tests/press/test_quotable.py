"""Quotable voices (press/quotable.py, the quotable voices page): a story's words reach the press
room only while its consent is in force, covers the press and allows the page's language, and
the story says journalists may quote it; a leader's withdrawal or narrowing removes them at once,
with the page cache on too. Excerpts are scanned for identifying details like the body."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, Page

from caching import generation
from consent.guard import ConsentGuardError
from consent.models import ConsentRecord
from press.quotable import quotable_voices
from stories.models import StoryPage
from tests.press.quotable_helpers import (
    excerpts,
    press_index,
    quotable_story,
    translated,
    voices_page,
)
from tests.support import people
from tests.support.story_factories import (
    edit_consent_in_admin,
    make_consent,
    make_story,
    story_editor_data,
    stream_data,
)

pytestmark = pytest.mark.django_db

QUOTE = "We are women who work, and we want to work without fear."
PHONE = "98765 43210"


@pytest.fixture
def reader() -> Client:
    return Client()


def voices_html(reader: Client, language: str = "en") -> str:
    response = reader.get(voices_page(language).url)
    assert response.status_code == 200
    return response.content.decode()


def feed_xml(reader: Client, language: str = "en") -> str:
    response = reader.get(press_index(language).url + "feed/")
    assert response.status_code == 200
    return response.content.decode()


def assert_absent(reader: Client, story, quote: str) -> None:
    """Neither the words, the title nor a link to the story on the page or in the feed."""
    for text in (voices_html(reader), feed_xml(reader)):
        assert quote not in text
        assert story.title not in text
        assert story.slug not in text


def assert_present(reader: Client, story, quote: str) -> None:
    for text in (voices_html(reader), feed_xml(reader)):
        assert quote in text or quote.replace("'", "&#x27;") in text
        assert story.slug in text


# --- Who appears -----------------------------------------------------------------------------


def test_a_story_quotable_under_its_consent_is_on_the_page_and_in_the_feed_with_its_credit(
    reader,
):
    story = quotable_story(QUOTE, title="Working without fear", pseudonym="Meena")
    html = voices_html(reader)
    assert f"<blockquote>\n                                    <p>{QUOTE}</p>" in html
    assert f'href="{story.url}"' in html
    assert "Meena (a pseudonym), a member of Samvedna, Kutch — http://testserver/en/" in html
    assert story.url in html.split("How to credit:")[1]
    feed = feed_xml(reader)
    assert QUOTE in feed and story.url in feed
    assert "<enclosure" not in feed and "<img" not in feed


@pytest.mark.parametrize(
    "case",
    [
        "no-press-consent",
        "press-scope-gone",
        "press-use-off",
        "language-not-allowed",
        "expired",
        "no-excerpt",
    ],
)
def test_a_story_the_press_may_not_quote_never_appears(reader, case):
    quotable = quotable_story("Our words, shown to the press.", title="The one that may be quoted")
    kwargs: dict = {}
    if case == "no-press-consent":
        kwargs["press"] = False
    elif case == "press-use-off":
        kwargs["press_use"] = False
    elif case == "language-not-allowed":
        # In force and covering the press, but only in Gujarati: not on the English room.
        kwargs["languages"] = ("gu",)
    story = (
        quotable_story(QUOTE, title="Not for the press", pseudonym="Rekha", **kwargs)
        if case != "language-not-allowed"
        else _published_despite_language(QUOTE)
    )
    if case == "press-scope-gone":
        # Live with press use while its consent no longer covers the press: a state the
        # consent's receivers never leave (they take the story offline), made with update() to
        # prove this query checks the scope itself.
        ConsentRecord.objects.filter(pk=story.consent_id).update(covers_press=False)
    if case == "expired":
        ConsentRecord.objects.filter(pk=story.consent_id).update(
            review_by=datetime.date.today() - datetime.timedelta(days=1)
        )
    if case == "no-excerpt":
        StoryPage.objects.filter(pk=story.pk).update(quotable_excerpts=[])
    assert_present(reader, quotable, "Our words, shown to the press.")
    assert_absent(reader, story, QUOTE)
    assert "Rekha" not in voices_html(reader) and "Rekha" not in feed_xml(reader)


def _published_despite_language(quote: str):
    """A live English story whose consent no longer allows English (a state the guard and the
    consent's own receivers never leave, made here with update() to prove this query checks the
    language itself)."""
    story = quotable_story(quote, title="Not for the press", pseudonym="Rekha")
    record = ConsentRecord.objects.get(pk=story.consent_id)
    record.languages.through.objects.filter(
        consentrecord_id=record.pk, locale__language_code="en"
    ).delete()
    assert StoryPage.objects.get(pk=story.pk).live
    return story


def test_the_empty_page_says_so_and_the_feed_is_empty(reader):
    quotable_story(QUOTE, title="Not for the press", pseudonym="Rekha", press=False)
    assert "No member's words are offered for quoting at the moment" in voices_html(reader)
    assert "<item>" not in feed_xml(reader)


# --- Withdrawal and narrowing, through the leaders' own buttons -------------------------------


def test_a_leaders_withdrawal_removes_the_voice_from_the_page_and_the_feed_at_once(
    reader, leader_client, django_capture_on_commit_callbacks
):
    story = quotable_story(QUOTE, title="Working without fear")
    assert_present(reader, story, QUOTE)
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(reverse("consent_withdraw", args=[story.consent_id]))
    assert response.status_code in (200, 302)
    assert ConsentRecord.objects.get(pk=story.consent_id).status == "withdrawn"
    assert_absent(reader, story, QUOTE)


def untick_press(client: Client, record: ConsentRecord):
    """Staff or a leader edits the consent record in the admin and unticks "use by media and
    press", leaving the rest as the form shows it."""
    return edit_consent_in_admin(client, record, covers_press=False)


@pytest.mark.parametrize("who", ["leader_client", "staff_client"])
def test_unticking_press_on_the_consent_record_removes_the_voice_at_once(
    reader, request, who, django_capture_on_commit_callbacks
):
    story = quotable_story(QUOTE, title="Working without fear")
    assert_present(reader, story, QUOTE)
    with django_capture_on_commit_callbacks(execute=True):
        response = untick_press(request.getfixturevalue(who), story.consent)
    assert response.status_code == 302
    assert not ConsentRecord.objects.get(pk=story.consent_id).covers_press
    assert_absent(reader, story, QUOTE)


@pytest.fixture
def redis_page_cache(settings, tmp_path, monkeypatch):
    """The page cache on, in a Redis of the test's own (as in production)."""
    from tests.support.redis_server import redis_server

    with redis_server(tmp_path) as redis_url:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
            }
        }
        settings.PAGE_CACHE = True
        monkeypatch.setattr(generation, "TOKEN_SECONDS", 3600.0)
        generation.forget_token()
        caches["default"].clear()
        yield
        caches["default"].clear()


def served_from_cache(client: Client, url: str) -> bool:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) == 0


@pytest.mark.parametrize("change", ["withdraw", "untick-press"])
def test_with_the_page_cache_on_withdrawal_and_narrowing_empty_the_press_room_at_once(
    reader, leader_client, redis_page_cache, django_capture_on_commit_callbacks, change
):
    story = quotable_story(QUOTE, title="Working without fear")
    urls = [voices_page("en").url, press_index("en").url + "feed/"]
    for url in urls:
        assert QUOTE in reader.get(url).content.decode(), url
        assert served_from_cache(reader, url), url
    with django_capture_on_commit_callbacks(execute=True):
        if change == "withdraw":
            response = leader_client.post(reverse("consent_withdraw", args=[story.consent_id]))
        else:
            response = untick_press(leader_client, story.consent)
    assert response.status_code in (200, 302)
    for url in urls:
        text = reader.get(url).content.decode()
        assert QUOTE not in text and story.slug not in text, url


# --- Three languages --------------------------------------------------------------------------


def test_a_gujarati_story_appears_on_the_gujarati_page_only(reader):
    gujarati_quote = "અમે કામ કરતી સ્ત્રીઓ છીએ, અમારે ડર વગર કામ કરવું છે."
    consent = make_consent(press=True, languages=("gu",))
    # Written in Gujarati: a story in the Gujarati index only.
    story = make_story(
        consent,
        title="ડર વગર કામ",
        pseudonym="મીના",
        language="gu",
        press_use=True,
        quotable_excerpts=excerpts(gujarati_quote),
        publish=True,
    )
    voices_page("hi")
    gu_html, gu_feed = voices_html(reader, "gu"), feed_xml(reader, "gu")
    assert gujarati_quote in gu_html and gujarati_quote in gu_feed
    assert "મીના (ઉપનામ)" in gu_html or "મીના" in gu_html
    for language in ("en", "hi"):
        assert gujarati_quote not in voices_html(reader, language)
        assert gujarati_quote not in feed_xml(reader, language)
        assert story.slug not in voices_html(reader, language)


def test_a_translation_shows_its_own_words_on_its_own_languages_page(reader):
    story = quotable_story(QUOTE, title="Working without fear")
    hindi_quote = "हम काम करने वाली औरतें हैं, हमें बिना डर के काम करना है।"
    translated(story, "hi", "बिना डर के काम", hindi_quote)
    assert hindi_quote in voices_html(reader, "hi") and QUOTE not in voices_html(reader, "hi")
    assert QUOTE in voices_html(reader, "en") and hindi_quote not in voices_html(reader, "en")


# --- Queries: the same whatever the number of stories -----------------------------------------


def _queries_for_voices(count: int) -> int:
    from django.test import RequestFactory

    english = Locale.objects.get(language_code="en")
    for number in range(count):
        quotable_story(f"Quote number {number}.", title=f"Story {number}", pseudonym="Meena")
    request = RequestFactory().get("/en/press/quotable-voices/")
    with CaptureQueriesContext(connection) as queries:
        voices = quotable_voices(english.pk, request)
        [voice.credit for voice in voices]
    assert len(voices) == count
    return len(queries)


@pytest.mark.parametrize("count", [3, 30])
def test_quotable_voices_take_two_queries_at_most_whatever_the_number_of_stories(count):
    assert _queries_for_voices(count) <= 2


def test_the_page_makes_as_many_queries_for_3_stories_as_for_30(reader):
    def page_queries() -> int:
        url = voices_page("en").url
        reader.get(url)  # warm: site root paths, settings
        with CaptureQueriesContext(connection) as queries:
            assert reader.get(url).status_code == 200
        return len(queries)

    for number in range(3):
        quotable_story(f"Quote number {number}.", title=f"Story {number}")
    with_three = page_queries()
    for number in range(3, 30):
        quotable_story(f"Quote number {number}.", title=f"Story {number}")
    assert page_queries() == with_three


# --- Identifying details in excerpts ----------------------------------------------------------


def test_a_phone_number_in_an_excerpt_blocks_publishing_like_one_in_the_body():
    in_body = make_story(
        make_consent(press=True),
        title="Phone in the body",
        body=[{"type": "paragraph", "value": f"<p>Call me on {PHONE}.</p>"}],
    )
    in_excerpt = make_story(
        make_consent(press=True),
        title="Phone in an excerpt",
        press_use=True,
        quotable_excerpts=excerpts(f"Call me on {PHONE}."),
    )
    for story, field in ((in_body, "story"), (in_excerpt, "quotable excerpts")):
        with pytest.raises(ConsentGuardError) as refused:
            story.get_latest_revision().publish()
        message = str(refused.value.messages[0])
        assert field in message.lower() and "mobile phone number" in message
        assert PHONE not in message
        assert not Page.objects.get(pk=story.pk).live


def test_a_leader_confirming_a_story_with_a_phone_number_in_an_excerpt_is_refused(
    staff_member,
):
    """The leaders' first step (consent confirmed) checks publication already, as for the body."""
    from tests.support.story_factories import submitted_for_review

    story = submitted_for_review(
        staff_member,
        title="Phone in an excerpt",
        consent=make_consent(press=True),
        press_use=True,
        quotable_excerpts=excerpts(f"Call me on {PHONE}."),
    )
    state = story.current_workflow_task_state
    with pytest.raises(ConsentGuardError, match="quotable excerpts"):
        state.task.specific.on_action(
            state,
            people.leader("confirming-leader", language="en"),
            "approve",
            comment="",
            heard_final_text=True,
            consent_covers_it=True,
        )
    assert not Page.objects.get(pk=story.pk).live


def test_saving_a_draft_with_a_phone_number_in_an_excerpt_warns_the_editor(staff_client):
    story = make_story(make_consent(press=True), title="Draft with an excerpt")
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = story_editor_data(
        story,
        press_use="on",
        **stream_data("quotable_excerpts", ("excerpt", f"Call me on {PHONE}.")),
    )
    response = staff_client.post(url, data, follow=True)  # "Save draft"
    assert response.status_code == 200
    text = response.content.decode()
    assert "looks like a mobile phone number" in text
    assert "quotable excerpts" in text.lower()
    revision = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert [child.value for child in revision.quotable_excerpts] == [f"Call me on {PHONE}."]


def test_an_excerpt_longer_than_500_characters_is_refused_in_the_editor(staff_client):
    story = make_story(make_consent(press=True), title="Too long an excerpt")
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = story_editor_data(story, **stream_data("quotable_excerpts", ("excerpt", "word " * 120)))
    response = staff_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert not StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object().quotable_excerpts


# --- The leaders see the words they are deciding on -------------------------------------------


@pytest.mark.parametrize("press_use", [True, False])
def test_the_leaders_review_screen_shows_the_excerpts_offered_to_journalists(
    staff_member, leader_client, press_use
):
    from tests.support.story_factories import submitted_for_review

    story = submitted_for_review(
        staff_member,
        title="Waiting with an excerpt",
        consent=make_consent(press=True),
        press_use=press_use,
        quotable_excerpts=excerpts(QUOTE, f"Call me on {PHONE}."),
    )
    state = story.current_workflow_task_state
    response = leader_client.get(reverse("moderation_review", args=[state.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    if press_use:
        assert "Words offered to journalists" in html
        assert QUOTE in html
        assert f'<mark class="review-mark">{PHONE}</mark>' in html  # flagged as in the body
    else:
        assert "Words offered to journalists" not in html and QUOTE not in html
