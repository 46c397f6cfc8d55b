"""Event times are shown in India's time, whatever time zone is active for the request."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import formats, timezone

INDIA = ZoneInfo("Asia/Kolkata")
DATE_FORMAT = "j F Y"  # month names come from our catalogues (Django ships no Gujarati)
TIME_FORMAT = "H:i"  # 24-hour: no "a.m."/"p.m." to translate or misread


def in_india(value: datetime.datetime) -> datetime.datetime:
    """The moment in India's time; explicit, so a different active time zone changes nothing."""
    return timezone.localtime(value, INDIA)


def india_iso(value: datetime.datetime) -> str:
    """ISO 8601 with the +05:30 offset, e.g. ``2023-06-01T10:00:00+05:30``."""
    return in_india(value).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class When:
    """Start and end as the templates show them; the end date only when it is another day."""

    start_iso: str
    end_iso: str
    start_date: str
    start_time: str
    end_date: str
    end_time: str
    year: int


def when(start: datetime.datetime, end: datetime.datetime) -> When:
    local_start, local_end = in_india(start), in_india(end)
    # date_format reads the aware value's own tzinfo (India), never the active time zone.
    same_day = local_start.date() == local_end.date()
    return When(
        start_iso=india_iso(start),
        end_iso=india_iso(end),
        start_date=formats.date_format(local_start, DATE_FORMAT),
        start_time=formats.date_format(local_start, TIME_FORMAT),
        end_date="" if same_day else formats.date_format(local_end, DATE_FORMAT),
        end_time=formats.date_format(local_end, TIME_FORMAT),
        year=local_start.year,
    )
