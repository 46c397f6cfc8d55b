"""Build guide indexes, guides, helplines and documents for the resources tests."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from home.models import HomePage
from resources.helplines import Helpline
from resources.models import ResourceIndexPage, ResourcePage
from tests.support import pdf_samples

TODAY = timezone.localdate()


def new_index(language: str = "en", slug: str = "test-guides") -> ResourceIndexPage:
    """A fresh guide index under the language's home page (the demo one stays untouched)."""
    home = HomePage.objects.get(locale__language_code=language)
    return home.add_child(instance=ResourceIndexPage(title="Test guides", slug=slug))


def make_resource(
    index: ResourceIndexPage,
    title: str,
    *,
    live: bool = True,
    **fields,
) -> ResourcePage:
    """A guide under ``index``, live unless told otherwise (saved directly, no revision)."""
    fields.setdefault("slug", title.lower().replace(" ", "-"))
    fields.setdefault("category", "identity-documents")
    fields.setdefault("needs", ["identity-document"])
    fields.setdefault("summary", f"Summary of {title}.")
    fields.setdefault("last_reviewed", TODAY - datetime.timedelta(days=10))
    fields.setdefault("review_by", TODAY + datetime.timedelta(days=200))
    page = ResourcePage(title=title, live=live, **fields)
    return index.add_child(instance=page)


def make_helpline(
    number: str = "1097", name: str = "National AIDS helpline", language: str = "en", **fields
) -> Helpline:
    fields.setdefault("hours", "")
    fields.setdefault("helps_with", "Questions about HIV.")
    helpline = Helpline(
        number=number, name=name, locale=Locale.objects.get(language_code=language), **fields
    )
    helpline.full_clean()
    helpline.save()
    return helpline


def helpline_blocks(*helplines: Helpline) -> list[dict]:
    return [{"type": "helpline", "value": helpline.pk} for helpline in helplines]


def make_document(title: str = "Ration card form", name: str = "form.pdf"):
    # A real PDF: every document is opened and cleaned when it is stored (privacy/documents/).
    return get_document_model().objects.create(
        title=title, file=ContentFile(pdf_samples.plain(), name)
    )


def download_blocks(*documents, title: str = "") -> list[dict]:
    return [
        {"type": "download", "value": {"document": document.pk, "title": title}}
        for document in documents
    ]
