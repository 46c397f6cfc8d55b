"""The public side of stories: the index (order, pages, filters), story pages, the RSS feed, the
home page's latest stories, the demo stories, and what consent allows each of them to show."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from consent.models import ConsentRecord
from home.models import HomePage
from stories.models import StoryIndexPage, StoryPage, Topic
from tests.support.helpers import parse
from tests.support.story_factories import make_consent, make_image

pytestmark = pytest.mark.django_db

NOW = timezone.now()


# --- Helpers ----------------------------------------------------------------------------------


def new_index(language: str = "en", slug: str = "test-stories") -> StoryIndexPage:
    home = HomePage.objects.get(locale__language_code=language)
    return home.add_child(instance=StoryIndexPage(title="Test stories", slug=slug))


def add_story(
    index: StoryIndexPage,
    consent: ConsentRecord,
    title: str,
    *,
    minutes_ago: int = 0,
    topics: tuple[str, ...] = (),
    body: list | None = None,
    live: bool = True,
    **fields,
) -> StoryPage:
    fields.setdefault("pseudonym", "Meena")
    fields.setdefault("summary", f"Summary of {title}.")
    fields.setdefault("told_on", datetime.date(2024, 3, 1))
    fields.setdefault("as_told_to", StoryPage.Teller.FIELD_WORKER)
    slug = title.lower().replace(" ", "-")
    story = StoryPage(
        title=title,
        slug=slug,
        consent=consent,
        live=live,
        body=body or [{"type": "paragraph", "value": f"<p>The story of {title}.</p>"}],
        first_published_at=NOW - datetime.timedelta(minutes=minutes_ago) if live else None,
        **fields,
    )
    story.topics = list(Topic.objects.filter(slug__in=topics))
    return index.add_child(instance=story)


def image_block(image, caption: str = "At the centre") -> dict:
    return {"type": "image", "value": {"image": image.pk, "caption": caption}}


def audio_block(transcript: str = "We went to the station together.") -> dict:
    # No stored recording is needed to render the transcript (the player needs one).
    return {"type": "audio", "value": {"audio": None, "transcript": transcript}}


def titles(response) -> list[str]:
    """The slugs of the stories listed, in order."""
    links = parse(response.content).find("a", **{"class": "story-card__link"})
    return [link["href"].rstrip("/").rsplit("/", 1)[-1] for link in links]


def lapse(consent: ConsentRecord, **changes) -> None:
    """Change a consent record behind the signals' back: the moment before the page is
    taken offline, which is exactly when a listing must already hide it."""
    ConsentRecord.objects.filter(pk=consent.pk).update(**changes)


@pytest.fixture
def consent():
    return make_consent(photo=True, voice=True)


@pytest.fixture
def index():
    return new_index()


# --- The index ----------------------------------------------------------------------------------


def test_index_lists_live_public_stories_of_that_index_newest_first(client, index, consent):
    add_story(index, consent, "Oldest", minutes_ago=30)
    add_story(index, consent, "Newest", minutes_ago=1)
    add_story(index, consent, "Middle one", minutes_ago=10)
    add_story(index, consent, "Middle two", minutes_ago=10)  # same time: higher pk first
    add_story(index, consent, "Draft", live=False)
    restricted = add_story(index, consent, "Restricted")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    withdrawn_consent = make_consent()
    add_story(index, withdrawn_consent, "Withdrawn")
    lapse(withdrawn_consent, status=ConsentRecord.Status.WITHDRAWN)
    expired_consent = make_consent()
    add_story(index, expired_consent, "Expired")
    lapse(expired_consent, review_by=timezone.localdate() - datetime.timedelta(days=1))
    add_story(new_index("gu"), consent, "Gujarati")

    response = client.get("/en/test-stories/")
    assert response.status_code == 200
    assert titles(response) == ["newest", "middle-two", "middle-one", "oldest"]


def test_index_is_paginated_ten_stories_a_page(client, index, consent):
    for number in range(23):
        add_story(index, consent, f"Story {number:02d}", minutes_ago=number)

    first = client.get("/en/test-stories/")
    assert titles(first) == [f"story-{n:02d}" for n in range(10)]
    assert "Page 1 of 3" in first.content.decode()
    assert parse(first.content).find("a", rel="next")[0]["href"] == "?page=2"
    assert not parse(first.content).find("a", rel="prev")

    second = client.get("/en/test-stories/?page=2")
    assert titles(second) == [f"story-{n:02d}" for n in range(10, 20)]
    html = parse(second.content)
    assert html.find("a", rel="prev")[0]["href"] == "?"
    assert html.find("a", rel="next")[0]["href"] == "?page=3"

    third = client.get("/en/test-stories/?page=3")
    assert titles(third) == ["story-20", "story-21", "story-22"]
    assert not parse(third.content).find("a", rel="next")
    assert client.get("/en/test-stories/?page=4").status_code == 404


@pytest.mark.parametrize(
    "value",
    ["abc", "0", "-1", "1.5", "1e3", " 2", "૨", "२", "99999999", "9" * 5000, "\x00", "1\x00", "[]"],
)
def test_a_bad_page_number_is_a_404_never_a_500(client, index, consent, value):
    add_story(index, consent, "Only story")
    response = client.get("/en/test-stories/", {"page": value})
    assert response.status_code == 404
    assert not response.cookies


def test_page_one_and_an_empty_page_value_are_the_first_page(client, index, consent):
    add_story(index, consent, "Only story")
    for query in ["", "?page=", "?page=1", "?page=1&page=1"]:
        response = client.get(f"/en/test-stories/{query}")
        assert response.status_code == 200, query
        assert titles(response) == ["only-story"]


def test_an_empty_index_shows_its_empty_state(client, index):
    response = client.get("/en/test-stories/")
    assert response.status_code == 200
    assert 'class="empty-state"' in response.content.decode()
    assert client.get("/en/test-stories/?page=2").status_code == 404


def test_filter_by_topic_and_by_what_is_in_the_story(client, index, consent):
    image = make_image()
    add_story(index, consent, "Health text", topics=("health",), minutes_ago=1)
    add_story(
        index,
        consent,
        "Health photo",
        topics=("health", "identity-documents"),
        body=[image_block(image)],
        minutes_ago=2,
    )
    add_story(
        index,
        consent,
        "Police photo",
        topics=("violence-and-police",),
        minutes_ago=3,
        body=[image_block(image)],
    )
    add_story(index, consent, "Police voice", topics=("violence-and-police",), body=[audio_block()])

    def listed(query):
        response = client.get(f"/en/test-stories/?{query}")
        assert response.status_code == 200, query
        return titles(response)

    assert listed("topic=health") == ["health-text", "health-photo"]
    assert listed("topic=identity-documents") == ["health-photo"]
    assert listed("has=photo") == ["health-photo", "police-photo"]
    assert listed("has=voice") == ["police-voice"]
    assert listed("has=text") == ["police-voice", "health-text", "health-photo", "police-photo"]
    assert listed("topic=health&has=photo") == ["health-photo"]
    assert listed("topic=children-and-schooling") == []
    assert listed("topic=&has=") == listed("")


def test_filter_links_are_plain_links_that_keep_the_other_filter(client, index, consent):
    add_story(index, consent, "Health text", topics=("health",))
    html = parse(client.get("/en/test-stories/?topic=health").content)
    hrefs = {a["href"] for a in html.find("a", **{"class": "chip"})}
    assert "?topic=health&has=photo" in hrefs
    assert "?topic=health&has=voice" in hrefs
    assert "?" in hrefs  # all topics
    assert "?topic=collective-and-solidarity" in hrefs
    current = [a for a in html.find("a", **{"class": "chip"}) if "aria-current" in a]
    # The "Health" topic and "All stories" (of that topic) are the current choices.
    assert [a["href"] for a in current] == ["?topic=health", "?topic=health"]
    assert not html.find("form", method="post")


@pytest.mark.parametrize(
    "query",
    [
        "topic=nope",
        "has=video",
        "has=PHOTO",
        "topic=%3Cscript%3E",
        "topic=" + "x" * 3000,
        "has=%00",
        "topic=health%00",
    ],
)
def test_unknown_filter_values_are_a_404(client, index, consent, query):
    add_story(index, consent, "Only story")
    response = client.get(f"/en/test-stories/?{query}")
    assert response.status_code == 404


def test_listing_item_shows_title_pseudonym_summary_topics_and_date(client, index, consent):
    add_story(
        index,
        consent,
        "At the office",
        pseudonym="Rukhsana",
        summary="How we went together.",
        topics=("identity-documents",),
        told_on=datetime.date(2024, 3, 1),
    )
    content = client.get("/en/test-stories/").content.decode()
    assert 'href="/en/test-stories/at-the-office/"' in content
    assert "Told by Rukhsana" in content
    assert "How we went together." in content
    assert '<time datetime="2024-03-01">1 March 2024</time>' in content
    assert '<a href="?topic=identity-documents">Identity documents</a>' in content
    assert "Member S-101" not in content  # the consent record's storyteller code never shows


def test_a_thumbnail_only_when_the_consent_covers_photos(client, index):
    image = make_image(description="Two pairs of hands around a cup of tea")
    share_image = make_image(description="A banner at the meeting")
    with_photo = make_consent(photo=True)
    add_story(index, with_photo, "Photo allowed", body=[image_block(image)], minutes_ago=1)
    add_story(index, with_photo, "Share image only", og_image=share_image, minutes_ago=2)
    add_story(index, with_photo, "No image at all", minutes_ago=3)
    revoked = make_consent(photo=True)
    add_story(index, revoked, "Photo no longer allowed", body=[image_block(image)])
    lapse(revoked, covers_photo=False)

    response = client.get("/en/test-stories/")
    html = parse(response.content)
    thumbnails = html.find("img", **{"class": "story-card__thumb"})
    assert [img["alt"] for img in thumbnails] == [
        "Two pairs of hands around a cup of tea",
        "A banner at the meeting",
    ]
    for img in thumbnails:
        assert img["src"].startswith("/media/") and "original_images" not in img["src"]
    assert titles(response) == [
        "photo-no-longer-allowed",
        "photo-allowed",
        "share-image-only",
        "no-image-at-all",
    ]
    assert len(html.find("img")) == 2


# --- Story pages ----------------------------------------------------------------------------


def test_story_page_shows_the_story_and_only_the_pseudonym(client, index, consent):
    story = add_story(
        index,
        consent,
        "Stopped on the road",
        pseudonym="Jamna",
        summary="A policeman stopped me.",
        topics=("violence-and-police",),
        told_on=datetime.date(2023, 4, 3),
        as_told_to=StoryPage.Teller.LEADER,
        body=[
            {"type": "paragraph", "value": "<p>I bought my scooter myself.</p>"},
            {"type": "pull_quote", "value": {"quote": "I knew my rights."}},
        ],
    )
    response = client.get(story.url)
    assert response.status_code == 200
    content = response.content.decode()
    html = parse(response.content)
    assert "<h1>Stopped on the road</h1>" in content
    assert "Told by Jamna" in content
    assert '<time datetime="2023-04-03">3 April 2023</time>' in content
    assert "a Samvedna leader" in content
    assert (
        '<a href="/en/test-stories/?topic=violence-and-police">Violence and police</a>' in content
    )
    assert "A policeman stopped me." in content
    assert "I bought my scooter myself." in content and "I knew my rights." in content
    assert consent.storyteller not in content
    feeds = html.find("link", rel="alternate", type="application/rss+xml")
    assert [link["href"] for link in feeds] == ["/en/test-stories/feed/"]


def test_body_images_and_share_image_need_photo_consent(client, index):
    image = make_image(description="Hands holding a ration card")
    consent = make_consent(photo=True)
    story = add_story(
        index,
        consent,
        "With a photo",
        og_image=image,
        body=[{"type": "paragraph", "value": "<p>Text.</p>"}, image_block(image, "Our cards")],
    )
    html = parse(client.get(story.url).content)
    assert [img["alt"] for img in html.find("img")] == ["Hands holding a ration card"]
    assert html.find("meta", property="og:image")

    lapse(consent, covers_photo=False)
    response = client.get(story.url)
    assert response.status_code == 200
    html = parse(response.content)
    assert not html.find("img")
    assert "Our cards" not in response.content.decode()
    assert not html.find("meta", property="og:image")
    assert "Text." in response.content.decode()


def test_voice_clips_need_voice_consent(client, index):
    consent = make_consent(voice=True)
    story = add_story(
        index,
        consent,
        "With a voice clip",
        body=[{"type": "paragraph", "value": "<p>Text.</p>"}, audio_block("Said aloud.")],
    )
    assert story.has_voice
    content = client.get(story.url).content.decode()
    assert "Said aloud." in content and 'class="figure audio-clip"' in content

    lapse(consent, covers_voice=False)
    content = client.get(story.url).content.decode()
    assert "Said aloud." not in content and "audio-clip" not in content
    assert "Text." in content


def test_a_story_whose_consent_lapsed_is_gone_everywhere(client, index):
    consent = make_consent()
    story = add_story(index, consent, "Soon withdrawn")
    assert titles(client.get("/en/test-stories/")) == ["soon-withdrawn"]
    lapse(consent, status=ConsentRecord.Status.WITHDRAWN)
    assert client.get(story.url).status_code == 410
    assert titles(client.get("/en/test-stories/")) == []
    assert b"soon-withdrawn" not in client.get("/en/test-stories/feed/").content
    assert b"soon-withdrawn" not in client.get("/en/").content


# --- Feed ------------------------------------------------------------------------------------


def read_feed(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def test_feed_is_rss_with_absolute_links_and_only_live_public_stories(client, index, consent):
    add_story(index, consent, "Older", minutes_ago=5, summary="The older summary.")
    add_story(index, consent, "Newer", minutes_ago=1)
    add_story(index, consent, "Draft", live=False)
    restricted = add_story(index, consent, "Restricted")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    lapsed = make_consent()
    add_story(index, lapsed, "Lapsed")
    lapse(lapsed, status=ConsentRecord.Status.EXPIRED)
    add_story(new_index("gu"), consent, "Other language")

    channel = read_feed(client.get("/en/test-stories/feed/"))
    assert channel.findtext("link") == "http://testserver/en/test-stories/"
    assert channel.findtext("language") == "en"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Newer", "Older"]
    older = items[1]
    assert older.findtext("link") == "http://testserver/en/test-stories/older/"
    assert older.findtext("description") == "The older summary."
    published = older.findtext("pubDate")
    assert published and published.endswith("+0000")
    for item in items:
        assert urlsplit(item.findtext("link")).netloc == "testserver"
        assert item.find("enclosure") is None


def test_feed_carries_no_images_even_with_photo_consent(client, index):
    image = make_image()
    add_story(
        index, make_consent(photo=True), "With photo", og_image=image, body=[image_block(image)]
    )
    response = client.get("/en/test-stories/feed/")
    channel = read_feed(response)
    assert len(channel.findall("item")) == 1
    assert b"<img" not in response.content and b"&lt;img" not in response.content
    assert b"/media/" not in response.content


def test_feed_keeps_the_latest_twenty(client, index, consent):
    for number in range(25):
        add_story(index, consent, f"Story {number:02d}", minutes_ago=number)
    items = read_feed(client.get("/en/test-stories/feed/")).findall("item")
    assert [item.findtext("title") for item in items] == [f"Story {n:02d}" for n in range(20)]


def test_each_language_has_its_own_feed_linked_from_its_index(client, pages_of_each_kind):
    for language in ["en", "gu", "hi"]:
        index_page = StoryIndexPage.objects.get(locale__language_code=language)
        html = parse(client.get(index_page.url).content)
        feed_links = html.find("link", rel="alternate", type="application/rss+xml")
        assert [link["href"] for link in feed_links] == [f"/{language}/stories/feed/"]
        channel = read_feed(client.get(feed_links[0]["href"]))
        assert channel.findtext("language") == language
        links = [item.findtext("link") for item in channel.findall("item")]
        assert links == [f"http://testserver/{language}/stories/we-learnt-our-rights-together/"]


def test_feed_of_an_unpublished_index_is_not_found(client, index):
    index.unpublish()
    assert client.get("/en/test-stories/feed/").status_code == 404


# --- Nothing stored on the reader's side ------------------------------------------------------


@pytest.mark.parametrize("logged_in", [False, True])
def test_story_pages_feed_and_filters_set_no_cookie_and_do_not_vary_on_cookie(
    client, leader_member, index, consent, logged_in
):
    if logged_in:
        client.force_login(leader_member)  # a leader reading the stories she approved
    story = add_story(index, consent, "A story", topics=("health",))
    for url in [
        "/en/test-stories/",
        "/en/test-stories/?topic=health&has=text",
        "/en/test-stories/feed/",
        story.url,
        "/en/stories/",
        "/gu/stories/feed/",
        "/en/test-stories/?page=9",  # a 404
    ]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not response.cookies, f"{url} set {list(response.cookies)}"
        assert "cookie" not in response.headers.get("Vary", "").lower(), url


# --- Home page --------------------------------------------------------------------------------


def home_section(client, url: str, heading_id: str) -> str:
    """The HTML of one section of the home page, found by its heading's id."""
    html = client.get(url).content.decode()
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_home_page_shows_the_three_newest_stories_of_its_language(client, consent):
    index = StoryIndexPage.objects.get(locale__language_code="en")
    for number in range(4):
        add_story(index, consent, f"Fresh {number}", minutes_ago=number)
    html = parse(home_section(client, "/en/", "latest-stories"))
    teasers = [a["href"] for a in html.find("a", **{"class": "story-teaser__title"})]
    assert teasers == ["/en/stories/fresh-0/", "/en/stories/fresh-1/", "/en/stories/fresh-2/"]
    assert [a["href"] for a in html.find("a") if a.get("href") == "/en/stories/"]

    gujarati_index = StoryIndexPage.objects.get(locale__language_code="gu")
    for number in range(4):
        add_story(gujarati_index, consent, f"Gujarati {number}", minutes_ago=number)
    gu = parse(home_section(client, "/gu/", "latest-stories"))
    gu_teasers = [a["href"] for a in gu.find("a", **{"class": "story-teaser__title"})]
    assert gu_teasers == [f"/gu/stories/gujarati-{number}/" for number in range(3)]


def test_home_page_keeps_its_empty_state_without_stories(client):
    for story in StoryPage.objects.filter(locale__language_code="hi"):
        story.unpublish()
    section = home_section(client, "/hi/", "latest-stories")
    assert "story-teaser" not in section
    assert 'class="empty-state"' in section


def test_the_index_is_in_the_main_menu_of_every_language(client):
    for language, title in [("en", "Stories"), ("gu", "વાર્તાઓ"), ("hi", "कहानियाँ")]:
        content = client.get(f"/{language}/about/").content.decode()
        assert f'<a href="/{language}/stories/">{title}</a>' in content
