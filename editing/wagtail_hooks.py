"""The page editor's create and edit views: overlapping saves never lose the newest text."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

from .new_pages import page_made_by_this_form
from .turns import saved_meanwhile, wait_for_other_creations


def _is_autosave(request: HttpRequest) -> bool:
    # As Wagtail tells its autosave (JSON) from a form submission.
    return not request.accepts("text/html")


def _outdated_autosave() -> JsonResponse:
    """Refused as Wagtail refuses an outdated autosave: the form keeps its unsaved changes and
    autosaving stops; Save still saves them."""
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
    if _is_autosave(request):
        # It arrived after a Save from the same form, which holds the newer text.
        return _outdated_autosave()
    return EditView.as_view()(request, page_id=page.pk)


@hooks.register("before_edit_page")
def no_autosave_over_a_newer_save(request: HttpRequest, page: Page) -> HttpResponse | None:
    if request.method != "POST":
        return None
    if saved_meanwhile(page) and _is_autosave(request):
        return _outdated_autosave()
    return None
