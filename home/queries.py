"""Query helpers shared by every page app."""

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def exclude_restricted(pages: QuerySet) -> QuerySet:
    """Like PageQuerySet.public(), but as one SQL subquery instead of an extra query.

    A page is restricted when it or any ancestor has a view restriction, i.e. when a restricted
    page's tree path is a prefix of its own.
    """
    restriction_above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.exclude(Exists(restriction_above))
