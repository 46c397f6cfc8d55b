"""Main menu, language switcher and hreflang links: one query per request for all three."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from base.queries import exclude_restricted

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    # False when the page has no live translation in this language: the link goes to that
    # language's home page instead.
    is_translation: bool
    # The site's default language: its translation is also the hreflang="x-default" alternate.
    is_default: bool


@dataclass(frozen=True)
class MenuItem:
    page: Page
    is_current: bool


@dataclass(frozen=True)
class Navigation:
    languages: list[LanguageLink]
    menu: list[MenuItem]


def language_home_url(code: str) -> str:
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])


def build_navigation(request: HttpRequest, page: Page | None) -> Navigation:
    """Fetch the page's live public translations and the menu of its language in one query."""
    current = translation.get_language()
    translations: dict[str, Page] = {}
    menu: list[MenuItem] = []
    if page is None or page.depth < 2:
        # Pages that are not Wagtail pages (search) still get their language's menu.
        wanted = Q(depth=3, show_in_menus=True, locale__language_code=current)
        home_path = ""
    else:
        home_path = page.path[: Page.steplen * 2]
        wanted = Q(translation_key=page.translation_key) | Q(
            depth=3, path__startswith=home_path, show_in_menus=True
        )
    candidates = (
        exclude_restricted(Page.objects.live().filter(wanted))
        .select_related("locale")
        .only(
            "id",
            "title",
            "path",
            "depth",
            "url_path",
            "translation_key",
            "show_in_menus",
            "locale__language_code",
        )
        .order_by("path")
    )
    for candidate in candidates:
        if page is not None and candidate.translation_key == page.translation_key:
            translations[candidate.locale.language_code] = candidate
        if (
            candidate.depth == 3
            and candidate.show_in_menus
            and candidate.path.startswith(home_path)
        ):
            is_current = page is not None and page.path.startswith(candidate.path)
            menu.append(MenuItem(page=candidate, is_current=is_current))
    languages = []
    for code, name in settings.LANGUAGES:
        other = translations.get(code)
        url = other.get_url(request) if other is not None else None
        languages.append(
            LanguageLink(
                code=code,
                name=name,
                url=url or language_home_url(code),
                is_current=code == current,
                is_translation=url is not None,
                is_default=code == settings.LANGUAGE_CODE,
            )
        )
    return Navigation(languages=languages, menu=menu)


def navigation_for(context) -> Navigation:
    request = context["request"]
    if not hasattr(request, "_samvedna_navigation"):
        request._samvedna_navigation = build_navigation(request, context.get("page"))
    return request._samvedna_navigation


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    return navigation_for(context).languages


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[MenuItem]:
    return navigation_for(context).menu


@register.simple_tag
def language_home() -> str:
    return language_home_url(translation.get_language())
