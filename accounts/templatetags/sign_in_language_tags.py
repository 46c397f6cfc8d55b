"""Links to read the sign-in and password-reset pages in another language."""

from django import template
from django.utils import translation

from accounts.sign_in_language import CHOOSE, admin_languages

register = template.Library()


@register.inclusion_tag("accounts/sign_in_language_links.html", takes_context=True)
def sign_in_language_links(context: template.Context) -> dict:
    request = context["request"]
    current = translation.get_language()
    links = []
    for code, name in admin_languages().items():
        query = request.GET.copy()
        query[CHOOSE] = code
        links.append({"code": code, "name": name, "url": f"?{query.urlencode()}"})
    return {"links": links, "current": current}
