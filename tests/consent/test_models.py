"""Why a consent does not cover a use is said with a date people read ("1 Mar 2025"), not
the ISO form "2025-03-01"."""

import datetime

import pytest
from django.utils import translation

from tests.support.story_factories import make_consent

pytestmark = pytest.mark.django_db


def test_a_passed_review_date_is_written_day_month_year():
    record = make_consent(given_on=datetime.date(2025, 1, 1), review_by=datetime.date(2025, 3, 1))
    with translation.override("en"):
        reasons = record.missing_for({"text"}, "en")
    assert reasons == ["the consent passed its review date (1 Mar 2025) and must be renewed"]
    with translation.override("gu"):
        (reason,) = record.missing_for({"text"}, "en")
    assert "2025-03-01" not in reason and "2025" in reason and "ફરી તપાસવાની તારીખ" in reason
