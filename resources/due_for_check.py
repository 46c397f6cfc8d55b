"""Which guides KMVS must check again: the dashboard panel's one query.

A guide's check date is its ``review_by`` field (the field keeps its name: migrations, forms).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.query import PageQuerySet

from .models import ResourcePage

DUE_WITHIN_DAYS = 30
PANEL_LIMIT = 50


def resources_due_for_check(within_days: int = DUE_WITHIN_DAYS) -> PageQuerySet:
    """Live guides in every language whose check date has passed or comes within the days,
    most overdue first. Runs no query by itself."""
    limit = timezone.localdate() + datetime.timedelta(days=within_days)
    return (
        ResourcePage.objects.live()
        .filter(review_by__lte=limit)
        .select_related("locale")
        .defer_streamfields()
        .order_by("review_by", "path")
    )
