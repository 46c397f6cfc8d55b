"""The demo stories: six fictional stories in three languages across every topic, labelled as
fiction and free of identifying details, under the story index where the design puts it."""

import pytest
from wagtail.models import Page

from demo.home import DEMO_NOTE
from demo.stories import FICTION_LABEL, STORIES
from home.models import HomePage
from stories.models import StoryIndexPage, StoryPage, Topic

pytestmark = pytest.mark.django_db


def test_demo_stories_exist_in_three_languages_across_every_topic():
    assert len(STORIES) >= 6
    covered = set()
    for spec in STORIES:
        pages = StoryPage.objects.filter(slug=spec["slug"]).select_related("locale", "consent")
        assert {page.locale.language_code for page in pages} == {"en", "gu", "hi"}
        assert len({page.translation_key for page in pages}) == 1
        for page in pages:
            assert page.live and page.consent.is_in_force()
            assert page.consent.verified_by is None
            assert {loc.language_code for loc in page.consent.languages.all()} == {"en", "gu", "hi"}
            covered |= {topic.slug for topic in page.topics.all()}
    assert covered == set(Topic.LABELS)
    for language, title in [("en", "Stories"), ("gu", "વાર્તાઓ"), ("hi", "कहानियाँ")]:
        index = StoryIndexPage.objects.get(locale__language_code=language, slug="stories")
        assert index.title == title and index.show_in_menus and index.live


def test_every_demo_story_is_labelled_fictional(client):
    for story in StoryPage.objects.live().select_related("locale"):
        language = story.locale.language_code
        content = client.get(story.url).content.decode()
        assert FICTION_LABEL[language] in content, story.url
        assert DEMO_NOTE[language] in content, story.url
    for index in StoryIndexPage.objects.select_related("locale"):
        content = client.get(index.url).content.decode()
        assert DEMO_NOTE[index.locale.language_code] in content


def test_demo_story_text_has_no_identifying_details():
    from consent.identifying import find_identifying_details

    for story in StoryPage.objects.all():
        values = [block["value"] for block in story.body.raw_data]  # not the blocks' UUIDs
        texts = [value if isinstance(value, str) else value["quote"] for value in values]
        text = " ".join([story.title, story.pseudonym, story.summary, *texts])
        assert not find_identifying_details(text), story.url_path


def test_demo_index_page_tree_is_where_the_design_puts_it():
    for index in StoryIndexPage.objects.all():
        assert isinstance(index.get_parent().specific, HomePage)
        assert all(isinstance(child.specific, StoryPage) for child in Page.objects.child_of(index))
