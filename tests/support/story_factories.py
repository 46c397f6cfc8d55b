"""Build consent records and stories for tests."""

import datetime
import io
import json

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.models import Locale

from consent.models import ConsentRecord
from stories.models import StoryIndexPage, StoryPage


def make_consent(
    *, languages=("en", "gu", "hi"), photo=False, voice=False, press=False, **fields
) -> ConsentRecord:
    fields.setdefault("storyteller", "Member S-101")
    fields.setdefault("method", ConsentRecord.Method.WRITTEN)
    fields.setdefault("given_on", datetime.date.today())
    record = ConsentRecord.objects.create(
        covers_text=True, covers_photo=photo, covers_voice=voice, covers_press=press, **fields
    )
    record.languages.set(Locale.objects.filter(language_code__in=languages))
    return record


def story_index(language: str = "en") -> StoryIndexPage:
    from home.models import HomePage

    existing = StoryIndexPage.objects.filter(locale__language_code=language).first()
    if existing:
        return existing
    if language != "en":
        # Other languages' indexes are translations of the English one, as in the admin.
        index = story_index("en").copy_for_translation(Locale.objects.get(language_code=language))
        index.save_revision().publish()
        return index
    home = HomePage.objects.get(locale__language_code=language)
    index = home.add_child(instance=StoryIndexPage(title="Stories", slug="stories"))
    index.save_revision().publish()
    return index


def make_image(description: str = "Hands holding a ration card"):
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 120, 90)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title="Test image", description=description, file=ContentFile(buffer.getvalue(), "t.png")
    )


def unchecked_image(description: str = "A photo stored before faces were checked"):
    """An image as stored before the face check existed (no check recorded): never shown on a
    public page, refused by the publication guard (consent.faces)."""
    from wagtail.images import get_image_model

    image = make_image(description)
    get_image_model().objects.filter(pk=image.pk).update(faces_checked_at=None)
    image.refresh_from_db()
    assert not image.faces_hidden_or_not_shown
    return image


def make_story(
    consent: ConsentRecord | None,
    *,
    language: str = "en",
    title: str = "Learning our rights together",
    body=None,
    publish: bool = False,
    **fields,
) -> StoryPage:
    fields.setdefault("pseudonym", "Meena")
    fields.setdefault("summary", "How a meeting at the Drop-In Centre changed things.")
    fields.setdefault("told_on", datetime.date(2024, 3, 1))
    fields.setdefault("as_told_to", StoryPage.Teller.FIELD_WORKER)
    page = StoryPage(
        live=False,  # Wagtail creates pages live by default; stories start as drafts
        title=title,
        consent=consent,
        body=body or [{"type": "paragraph", "value": "<p>We went together.</p>"}],
        **fields,
    )
    story_index(language).add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def image_body(image) -> list[dict]:
    return [
        {"type": "paragraph", "value": "<p>We went together.</p>"},
        {"type": "image", "value": {"image": image.pk, "caption": "At the centre"}},
    ]


def publish_translation(page, language: str, title: str):
    """A published translation of ``page`` in ``language`` (its section index translated too)."""
    story_index(language)
    translation = page.copy_for_translation(Locale.objects.get(language_code=language))
    translation.title = title
    translation.save_revision().publish()
    return translation


def submitted_for_review(
    author, story: StoryPage | None = None, consent: ConsentRecord | None = None, **story_fields
) -> StoryPage:
    """A story ``author`` saved and submitted to the "Story approval" workflow."""
    from wagtail.models import Workflow

    if story is None:
        story_fields.setdefault("title", "Waiting for leaders")
        story = make_story(consent or make_consent(), **story_fields)
    story.save_revision(user=author)
    Workflow.objects.get(name="Story approval").start(story, author)
    story.refresh_from_db()
    return story


def waiting_for_leaders_approval(author, confirming_leader, **story_fields) -> StoryPage:
    """A submitted story whose consent one leader confirmed: now at the leaders' quorum step."""
    from moderation.models import LeadersApproveTask

    story = submitted_for_review(author, **story_fields)
    state = story.current_workflow_task_state
    state.task.specific.on_action(
        state,
        confirming_leader,
        "approve",
        comment="",
        heard_final_text=True,
        consent_covers_it=True,
    )
    story.refresh_from_db()
    assert isinstance(story.current_workflow_task_state.task.specific, LeadersApproveTask)
    return story


def leader_unticks_photos(leader_client, record: ConsentRecord):
    """A leader edits the consent record in the admin and unticks "photos", leaving the rest as
    the form shows it. Returns the response (a redirect when saved)."""
    return edit_consent_in_admin(leader_client, record, covers_photo=False)


# --- What the page editor posts ------------------------------------------------------------------


def draftail_paragraph(text: str) -> str:
    """A paragraph as the editor's rich-text field posts it (Draftail's content state)."""
    block = {
        "key": "a",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def stream_data(field: str, *blocks: tuple[str, dict[str, str] | str]) -> dict[str, str]:
    """A stream field's form data: ``(block type, value)`` per block; a dict value gives the
    block's sub-fields (``{"image": "4", "caption": ""}``)."""
    data = {f"{field}-count": str(len(blocks))}
    for position, (block_type, value) in enumerate(blocks):
        prefix = f"{field}-{position}"
        data.update(
            {
                f"{prefix}-type": block_type,
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(position),
            }
        )
        if isinstance(value, dict):
            data.update({f"{prefix}-value-{name}": item for name, item in value.items()})
        else:
            data[f"{prefix}-value"] = value
    return data


def story_editor_data(
    story: StoryPage | None = None, consent: ConsentRecord | None = None, **changes
) -> dict:
    """What Wagtail's page editor posts for a story: every field of its form, the stream fields'
    counts included (a form without one is refused as the editor never would be). The story's
    own values, or a new story's; an empty body unless ``changes`` gives one
    (``**stream_data("body", ("paragraph", draftail_paragraph("…")))``)."""
    data = {
        "title": story.title if story else "A story written in the editor",
        "slug": story.slug if story else "a-story-written-in-the-editor",
        "pseudonym": story.pseudonym if story else "Meena",
        "consent": (consent.pk if consent else story.consent_id) if (consent or story) else "",
        "summary": story.summary if story else "How we went to the office.",
        "told_on": "2024-03-01",
        "as_told_to": story.as_told_to if story else StoryPage.Teller.FIELD_WORKER,
        **stream_data("body"),
        **stream_data("quotable_excerpts"),
    }
    data.update(changes)
    return data


def edit_consent_in_admin(client, record: ConsentRecord, **scopes: bool):
    """Someone edits the consent record in the admin and ticks or unticks scopes
    (``covers_press=False``), leaving the rest as the form shows it. Returns the response (a
    redirect when saved)."""
    from django.urls import reverse

    url = reverse("wagtailsnippets_consent_consentrecord:edit", args=[record.pk])
    form = client.get(url).context["form"]
    posted = {
        name: [getattr(v, "pk", v) for v in value] if isinstance(value, list) else value
        for name, value in form.initial.items()
        if value is not None and value is not False
    }
    for scope, ticked in scopes.items():
        posted.pop(scope, None)
        if ticked:
            posted[scope] = "on"
    return client.post(url, posted)
