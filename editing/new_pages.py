"""One "new page" form, one page, however its autosaves and Save overlap.

Wagtail autosaves the create form to the create URL until the first autosave's answer comes back
and moves the form to the new page's edit URL. A Save pressed before that answer, or an autosave
sent just after Save, is a second create request: it failed with "slug already in use" and left
the autosaved page behind as an orphan draft holding older text than the form.

So the create form carries the new page's translation_key, chosen when the form is shown (a random
UUID; templates/wagtailadmin/pages/create.html). The first save gives the page that key; a later
create request carrying it comes from the same form and is answered as an edit of that page.
"""

import uuid

from django.http import HttpRequest, QueryDict
from wagtail.models import Page

NEW_PAGE_KEY = "new_page_key"


def posted_key(data: QueryDict) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(data.get(NEW_PAGE_KEY, "")))
    except ValueError:
        return None


class NewPageKeyFormMixin:
    """For page forms: a new page takes the key its create form carries, unless a page has it
    (then the key came from elsewhere and the page keeps its own random one)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and self.instance.pk is None:
            key = posted_key(self.data)
            if key and not Page.objects.filter(translation_key=key).exists():
                self.instance.translation_key = key


def page_made_by_this_form(request: HttpRequest, parent_page: Page) -> Page | None:
    """The page an earlier save from the same create form made, if any."""
    key = posted_key(request.POST)
    if key is None:
        return None
    # Its translations share the key, in other places of the tree: only the child counts.
    return (
        Page.objects.child_of(parent_page).filter(translation_key=key, owner=request.user).first()
    )
