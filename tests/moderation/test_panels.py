"""The leaders' "Withdrawals and overrides" panel says who withdrew a consent in one sentence
that reads right in each language, and says so when the site itself did it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.support import people
from tests.support.story_factories import make_consent

pytestmark = pytest.mark.django_db


def dashboard_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_leaders_withdrawal_names_her_in_a_gujarati_sentence():
    reader = people.leader("reader", language="gu")
    make_consent(storyteller="Member P-1").withdraw(by=people.leader("kanta", language="gu"))
    html = dashboard_of(reader)
    assert "kanta એ સંમતિ પાછી ખેંચી" in html


def test_a_withdrawal_by_the_daily_expiry_job_says_the_site_did_it():
    reader = people.leader("reader", language="en")
    make_consent(storyteller="Member P-2").withdraw(by=None)
    html = dashboard_of(reader)
    assert "consent withdrawn by the site itself (the daily expiry check" in html
    assert "consent withdrawn by </li>" not in html
