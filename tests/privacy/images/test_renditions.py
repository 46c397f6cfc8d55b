"""Only renditions of images that live public pages show are public files (issue 6; DESIGN.md).

A photo uploaded for a story that is still a draft, the admin's thumbnails of every upload and
the previews of drafts stay in the private storage and reach signed-in editors through an admin
view; a rendition becomes public the first time a live public page shows it, and stops being
public when no live public page does (privacy/images/renditions.py).

Files are real files in two storages (a private and a public folder); pages are served through
the whole request stack.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page, PageViewRestriction

from moderation.groups import LEADERS, STAFF
from privacy.images.renditions import (
    PRIVATE_RENDITION_FOLDER,
    PUBLIC_RENDITION_FOLDER,
    publish_if_shown,
    withhold_renditions_off_public_pages,
)
from privacy.models import PrivateRendition
from privacy.public_pages import serving_public_page
from tests.support.event_factories import add_event, new_index, paragraph, photo_block
from tests.support.helpers import PUBLIC_MEDIA_URL, parse, use_two_storages
from tests.support.story_factories import image_body, make_consent, make_image, make_story

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
PUBLIC_URL = PUBLIC_MEDIA_URL
PRIVATE_URL_PREFIX = "/admin/private-images/"
PHOTO_FILTER = "width-800|format-webp"


@pytest.fixture(autouse=True)
def storages(settings, tmp_path):
    """A private and a public storage on disk, as production has two buckets."""
    return use_two_storages(settings, tmp_path)


@pytest.fixture
def commit_hooks(django_capture_on_commit_callbacks):
    """Run what pages schedule for after their transaction commits, as a request would."""
    return django_capture_on_commit_callbacks


def files_of(root: Path, image) -> set[str]:
    stem = Path(image.file.name).stem
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob(f"{stem}.*")
        if p.is_file() and not p.relative_to(root).as_posix().startswith("original_images/")
    }


def public_files(storages, image) -> set[str]:
    return files_of(storages[1], image)


def private_files(storages, image) -> set[str]:
    return files_of(storages[0], image)


def image_sources(html: bytes | str) -> list[str]:
    page = parse(html)
    sources = [attrs.get("src", "") for tag, attrs in page.tags if tag == "img"]
    sources += [
        attrs.get("content", "")
        for tag, attrs in page.tags
        if tag == "meta" and attrs.get("property") == "og:image"
    ]
    return [source for source in sources if source]


def live_story_with(image, **fields):
    return make_story(make_consent(photo=True), body=image_body(image), publish=True, **fields)


def urls_of(image, content: bytes) -> list[str]:
    """Every URL of a file of ``image`` in a response: in tags, in JSON, in scripts."""
    text = content.decode().replace("\\/", "/")
    stem = Path(image.file.name).stem
    return re.findall(rf"(?:https?://[\w.\-]+)?/[\w/\-]*{stem}[\w.\-]*", text)


def uploaded_by(user, image):
    """Staff open and edit the photos they uploaded themselves (any photo: administrators)."""
    image.uploaded_by_user = user
    image.save(update_fields=["uploaded_by_user"])
    return image


def admin_looks_at(client, image, page) -> list[str]:
    """An editor opens the image listing, the chooser, the image and the page's edit screen and
    preview; returns every URL of this photo's files those screens contain."""
    sources = []
    for url in (
        "/admin/images/",
        "/admin/images/chooser/",
        f"/admin/images/{image.pk}/",
        f"/admin/pages/{page.pk}/edit/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        sources += urls_of(image, response.content)
    preview = page.get_latest_revision_as_object().make_preview_request()
    assert preview.status_code == 200
    sources += urls_of(image, preview.content)
    return sources


# --- a draft's photo ------------------------------------------------------------------------------


def test_a_photo_on_a_draft_has_no_public_file_however_editors_look_at_it(
    staff_client, staff_member, client, storages
):
    image = uploaded_by(staff_member, make_image())
    story = make_story(make_consent(photo=True), body=image_body(image))

    sources = admin_looks_at(staff_client, image, story)

    # The admin showed the photo (thumbnails, edit screen, the preview's full-size photo)...
    assert len(sources) >= 4
    assert {source.split("/")[-1].split(".")[1] for source in sources} >= {"max-165x165"}
    assert any(PHOTO_FILTER.replace("|", ".") in source for source in sources)
    # ...only from the private storage, through the admin.
    assert all(source.startswith(PRIVATE_URL_PREFIX) for source in sources), sources
    assert public_files(storages, image) == set()
    assert private_files(storages, image)
    assert all(n.startswith(PRIVATE_RENDITION_FOLDER + "/") for n in private_files(storages, image))

    # Editors get the files; readers do not.
    for source in set(sources):
        response = staff_client.get(source)
        assert response.status_code == 200, source
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
        assert response["Content-Type"] in {"image/png", "image/webp"}
        assert b"".join(response.streaming_content)[:4] in {b"\x89PNG", b"RIFF"}
        anonymous = client.get(source)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith("/admin/login/")


def test_the_admin_view_shows_private_renditions_only_to_users_who_may_see_the_photo(
    client, django_user_model, storages
):
    image = make_image()
    thumbnail = image.get_rendition("max-165x165")
    url = thumbnail.url
    assert url.startswith(PRIVATE_URL_PREFIX)

    # Admin access without any image permission: refused.
    outsider = django_user_model.objects.create_user("outsider", password="x" * 12)
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    refused = client.get(url)
    # Wagtail's answer to a refused admin URL: back to the dashboard, with a message.
    assert refused.status_code == 302 and refused["Location"] == "/admin/"

    # Leaders and staff choose photos for stories: they see them.
    for name, group in (("leader", LEADERS), ("staffer", STAFF)):
        user = django_user_model.objects.create_user(name, password="x" * 12)
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        assert client.get(url).status_code == 200, group


def test_the_admin_view_serves_nothing_but_private_renditions(staff_client, storages):
    image = make_image()
    private = image.get_rendition("max-165x165")
    with serving_public_page(Page.objects.live().filter(depth=2).first()):
        public = image.get_rendition(PHOTO_FILTER)
    assert public.file.name.startswith(PUBLIC_RENDITION_FOLDER + "/")
    original = Path(image.file.name).name
    for name in (
        Path(public.file.name).name,  # a public rendition's name in the private folder
        original,  # the original's name
        f"..%2Foriginal_images%2F{original}",
        f"%2E%2E/original_images/{original}",
        Path(private.file.name).name + "x",
        "",
    ):
        response = staff_client.get(PRIVATE_URL_PREFIX + name, follow=True)
        assert response.status_code == 404, name
    assert staff_client.get(private.url).status_code == 200


@pytest.mark.real_two_factor
def test_the_admin_view_needs_the_second_factor(client, staff_member, storages):
    url = make_image().get_rendition("max-165x165").url
    client.force_login(staff_member)  # password only
    response = client.get(url)
    assert response.status_code == 302
    assert "two-factor" in response["Location"]


# --- publishing and unpublishing ------------------------------------------------------------------


def test_a_published_photo_becomes_public_and_an_unpublished_one_stops_being_public(
    staff_client, staff_member, client, storages, commit_hooks
):
    image = uploaded_by(staff_member, make_image())
    story = make_story(make_consent(photo=True), body=image_body(image))
    preview_sources = admin_looks_at(staff_client, image, story)
    story.get_latest_revision().publish()
    story.refresh_from_db()

    response = client.get(story.url)
    assert response.status_code == 200
    shown = [s for s in image_sources(response.content) if Path(image.file.name).stem in s]
    assert shown and all(source.startswith(PUBLIC_URL + "images/") for source in shown)
    # The preview's copy moved to the public storage; the admin's thumbnails stayed private.
    assert public_files(storages, image) == {source.removeprefix(PUBLIC_URL) for source in shown}
    assert any(".max-165x165." in name for name in private_files(storages, image))
    moved = [s for s in preview_sources if PHOTO_FILTER.replace("|", ".") in s]
    assert moved and staff_client.get(moved[0]).status_code == 404

    # Unpublished: nothing of the photo is public any more; the admin still shows it.
    with commit_hooks(execute=True):
        UnpublishPageAction(story.specific).execute(skip_permission_checks=True)
    assert client.get(story.url).status_code == 404
    assert public_files(storages, image) == set()
    assert not PrivateRendition.objects.filter(
        image=image, file__startswith=PUBLIC_RENDITION_FOLDER + "/"
    ).exists()
    again = admin_looks_at(staff_client, image, story)
    assert again and all(source.startswith(PRIVATE_URL_PREFIX) for source in again)
    assert public_files(storages, image) == set()


def test_a_photo_taken_off_a_live_page_stops_being_public(client, storages, commit_hooks):
    kept, removed = make_image("A banner"), make_image("Chairs in a hall")
    story = make_story(
        make_consent(photo=True),
        body=[*image_body(kept), {"type": "image", "value": {"image": removed.pk}}],
        publish=True,
    )
    assert client.get(story.url).status_code == 200
    assert public_files(storages, kept) and public_files(storages, removed)

    story.body = image_body(kept)
    with commit_hooks(execute=True):
        story.save_revision().publish()
    assert public_files(storages, removed) == set()
    assert public_files(storages, kept)
    # The live page still shows the photo it kept, from the same public file.
    sources = image_sources(client.get(story.url).content)
    assert any(
        source.removeprefix(PUBLIC_URL) in public_files(storages, kept) for source in sources
    )


def test_a_new_photo_in_a_draft_of_a_live_page_stays_private(
    staff_client, staff_member, client, storages
):
    live, new = make_image("A banner"), uploaded_by(staff_member, make_image("Chairs in a hall"))
    story = live_story_with(live)
    client.get(story.url)
    story.body = [*image_body(live), {"type": "image", "value": {"image": new.pk}}]
    story.save_revision()

    admin_looks_at(staff_client, new, story)
    client.get(story.url)  # readers still see the published version
    assert public_files(storages, new) == set()
    assert public_files(storages, live)


def test_a_draft_without_a_photo_leaves_the_live_photo_public(client, storages, commit_hooks):
    image = make_image()
    story = live_story_with(image)
    client.get(story.url)
    shown = public_files(storages, image)
    assert shown

    story.body = [{"type": "paragraph", "value": "<p>No photo in this draft.</p>"}]
    story.save_revision()
    with commit_hooks(execute=True):
        # Any page change elsewhere checks the public renditions again.
        UnpublishPageAction(make_story(make_consent(), publish=True, slug="other")).execute(
            skip_permission_checks=True
        )
    assert public_files(storages, image) == shown
    assert any(
        source.removeprefix(PUBLIC_URL) in shown
        for source in image_sources(client.get(story.url).content)
    )


def test_a_photo_on_two_live_pages_stays_public_until_neither_shows_it(
    client, storages, commit_hooks
):
    image = make_image()
    first = live_story_with(image, title="First story", slug="first-story")
    second = live_story_with(image, title="Second story", slug="second-story")
    client.get(first.url)
    client.get(second.url)
    shown = public_files(storages, image)
    assert shown

    with commit_hooks(execute=True):
        UnpublishPageAction(first.specific).execute(skip_permission_checks=True)
    assert public_files(storages, image) == shown
    with commit_hooks(execute=True):
        second.specific.delete()
    assert public_files(storages, image) == set()


# --- restricted pages ---------------------------------------------------------------------------


def test_a_restricted_page_makes_no_public_files_and_restricting_withholds_them(
    staff_client, client, storages, commit_hooks
):
    index = new_index()
    image = make_image()
    event = add_event(
        index,
        "Recap day",
        start=None,
        recap=[paragraph("We met."), photo_block(image, shows_people=False)],
    )
    restriction = PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.LOGIN
    )
    response = staff_client.get(event.url)  # signed in, so allowed to see it
    assert response.status_code == 200
    sources = [s for s in image_sources(response.content) if Path(image.file.name).stem in s]
    assert sources and all(source.startswith(PRIVATE_URL_PREFIX) for source in sources)
    assert public_files(storages, image) == set()

    with commit_hooks(execute=True):
        restriction.delete()
    assert client.get(event.url).status_code == 200
    assert public_files(storages, image)

    with commit_hooks(execute=True):
        PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert public_files(storages, image) == set()


# --- consistency: every filter public pages use, stale copies, the command -----------------------


IMAGE_TAG = re.compile(r"{%\s*image\s+\S+\s+(?P<spec>.+?)(?:\s+as\s+\w+)?\s*%}")
SPEC_PART = re.compile(
    r"^(?:original|(?:fill|max|min|width|height|scale|format|bgcolor|jpegquality"
    r"|webpquality|avifquality)-[\w.]+)$"
)


def template_filter_specs() -> set[str]:
    specs = set()
    for template in (ROOT / "templates").rglob("*.html"):
        for match in IMAGE_TAG.finditer(template.read_text()):
            parts = [part for part in match["spec"].split() if SPEC_PART.match(part)]
            specs.add("|".join(parts))
    return specs


def test_every_filter_public_pages_use_is_a_public_one(settings):
    from consent.shown_photos import PHOTO_FILTER as EVENT_PHOTO_FILTER
    from stories.listing import THUMBNAIL_FILTER

    used = template_filter_specs() | {EVENT_PHOTO_FILTER, THUMBNAIL_FILTER}
    assert {"width-800|format-webp", "fill-1200x630"} <= used  # the scan finds the templates' tags
    assert used <= settings.PUBLIC_IMAGE_FILTERS
    # ...and none the admin uses for every upload.
    assert not {"max-165x165", "max-800x600", "original"} & settings.PUBLIC_IMAGE_FILTERS


def test_teasers_and_share_images_of_live_stories_are_public(client, storages):
    image = make_image()
    story = live_story_with(image)
    story.og_image = image
    story.save_revision().publish()

    for url in (story.url, story.get_parent().url, "/en/"):
        response = client.get(url)
        assert response.status_code == 200, url
        for source in image_sources(response.content):
            if Path(image.file.name).stem in source:
                assert source.startswith(PUBLIC_URL + "images/"), (url, source)
    names = public_files(storages, image)
    for ending in ("width-800.format-webp.webp", "fill-240x180.png", "fill-1200x630.png"):
        assert any(name.endswith(ending) for name in names), (ending, names)


def test_a_stale_private_rendition_finds_where_the_file_went(storages, commit_hooks):
    image = make_image()
    private = image.get_rendition(PHOTO_FILTER)
    stale = PrivateRendition.objects.get(pk=private.pk)
    page = Page.objects.live().filter(depth=2).first()
    with serving_public_page(page), commit_hooks(execute=True):
        moved = publish_if_shown(private)
        assert moved.file.name.startswith(PUBLIC_RENDITION_FOLDER + "/")
        # Another process still holding the old name (a cache entry) does not copy twice.
        again = publish_if_shown(stale)
    assert again.file.name == moved.file.name
    assert public_files(storages, image) == {moved.file.name}
    assert not any(n.endswith(".webp") for n in private_files(storages, image))


def test_a_private_rendition_whose_file_is_gone_is_made_again_for_readers(client, storages):
    image = make_image()
    story = make_story(make_consent(photo=True), body=image_body(image))
    story.get_latest_revision_as_object().make_preview_request()  # a private copy
    (private,) = PrivateRendition.objects.filter(image=image, filter_spec=PHOTO_FILTER)
    (storages[0] / private.file.name).unlink()  # lost, e.g. deleted by hand
    story.get_latest_revision().publish()
    story.refresh_from_db()

    response = client.get(story.url)
    assert response.status_code == 200
    (public,) = PrivateRendition.objects.filter(image=image, filter_spec=PHOTO_FILTER)
    assert public.file.name.startswith(PUBLIC_RENDITION_FOLDER + "/")
    assert (storages[1] / public.file.name).exists()
    assert PUBLIC_URL + public.file.name in image_sources(response.content)


def test_the_command_withholds_renditions_made_public_before_this_rule(storages, commit_hooks):
    image = make_image()
    # Before this version every rendition was public, the admin's thumbnails too.
    thumbnail = image.get_rendition("max-165x165")
    old_public = f"{PUBLIC_RENDITION_FOLDER}/{Path(thumbnail.file.name).name}"
    public_dir = storages[1]
    (public_dir / PUBLIC_RENDITION_FOLDER).mkdir(parents=True, exist_ok=True)
    (public_dir / old_public).write_bytes((storages[0] / thumbnail.file.name).read_bytes())
    PrivateRendition.objects.filter(pk=thumbnail.pk).update(file=old_public)

    from io import StringIO

    out = StringIO()
    with commit_hooks(execute=True):
        call_command("withhold_renditions", stdout=out)
    assert "1 public rendition(s)" in out.getvalue()
    assert public_files(storages, image) == set()
    assert withhold_renditions_off_public_pages() == 0
