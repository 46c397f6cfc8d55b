"""The renewal reminder says "1 consent record reaches..." or "2 consent records reach...",
in the leader's language, instead of "record(s)"."""

import datetime

import pytest
from django.core import mail

from consent.notifications import notify_leaders_of_due_renewals
from tests.support import people
from tests.support.story_factories import make_consent

pytestmark = pytest.mark.django_db


def due(storyteller: str):
    soon = datetime.date.today() + datetime.timedelta(days=10)
    return make_consent(storyteller=storyteller, review_by=soon)


def test_one_record_is_counted_in_the_singular_and_two_in_the_plural():
    people.leader("leader", language="en")
    notify_leaders_of_due_renewals([due("Member N-1")])
    notify_leaders_of_due_renewals([due("Member N-2"), due("Member N-3")])
    one, two = (message.body for message in mail.outbox)
    assert one.startswith("1 consent record reaches its review date within 30 days.")
    assert two.startswith("2 consent records reach their review date within 30 days.")
    assert "(s)" not in one + two


def test_a_gujarati_leader_reads_the_reminder_with_the_glossary_word_for_review():
    people.leader("leader", language="gu")
    notify_leaders_of_due_renewals([due("Member N-4")])
    body = mail.outbox[0].body
    assert body.startswith("1 સંમતિ નોંધને ફરી તપાસવાની તારીખ 30 દિવસમાં આવે છે.")
