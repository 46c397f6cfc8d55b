"""Driving Wagtail's image upload screens as a browser would: the uploaded file, the multiple
uploader's request, the values a form sends back, the text a user reads in an answer."""

import html
from pathlib import Path

from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def root_collection_id() -> int:
    return Collection.get_first_root_node().pk


def text_of(response) -> str:
    """Response text as a user reads it (entities decoded); JSON fragments included."""
    content = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        content = " ".join(str(v) for v in response.json().values())
    return html.unescape(content)


def post_multiple(client, data: bytes, name: str):
    """What Wagtail's multiple uploader sends: the file, a title made from its name, a
    collection."""
    return client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "files[]": upload(data, name),
            "title": Path(name).stem,
            "collection": root_collection_id(),
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def form_values(form_html: str) -> dict[str, str]:
    """What a browser would send back for this form, unchanged (ticked boxes only)."""
    values = {}
    for field in BeautifulSoup(form_html, "html.parser").find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file"):
            continue
        if field.get("type") == "checkbox" and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            values[name] = field.text
        elif field.name == "select":
            option = field.find("option", selected=True) or field.find("option")
            values[name] = option.get("value", "") if option else ""
        else:
            values[name] = field.get("value", "")
    return values
