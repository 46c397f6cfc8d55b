"""The page editor's create view: a save from a form that already made its page edits that page."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

from .new_pages import page_made_by_this_form, wait_for_other_creations


@hooks.register("before_create_page")
def one_page_per_create_form(
    request: HttpRequest, parent_page: Page, page_class: type[Page]
) -> HttpResponse | None:
    if request.method != "POST":
        return None
    wait_for_other_creations(parent_page)
    page = page_made_by_this_form(request, parent_page)
    if page is None:
        return None
    if not request.accepts("text/html"):
        # An autosave arriving after a Save from the same form: the Save holds the newer text.
        # Refused as Wagtail refuses an outdated autosave: the form keeps its unsaved changes.
        return JsonResponse(
            {
                "success": False,
                "error_code": "invalid_revision",
                "error_message": _(
                    "This page has just been saved. Press Save to keep your latest changes."
                ),
            },
            status=400,
        )
    return EditView.as_view()(request, page_id=page.pk)
