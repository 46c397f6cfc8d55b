"""Redis down (issue 17): readers still get pages, the admin still works and a leader's
withdrawal takes effect at once; when Redis comes back with its data kept (persistence, or a
network cut rather than a restart), another process, idle during the outage, serves no stale page
on its very next requests. Real redis-server, real development server, the test database's
copy shared by both processes."""

from __future__ import annotations

import time
from contextlib import ExitStack

import pytest
from django.test import Client
from django.urls import reverse

from caching import generation
from consent.models import ConsentRecord
from tests.caching.test_page_cache import fetch, surfaces
from tests.support import people
from tests.support.redis_server import redis_server
from tests.support.servers import development_server, free_port, get
from tests.support.story_factories import make_consent, make_story

pytestmark = pytest.mark.django_db

TITLE = "Story withdrawn while Redis is down"
BACKEND = "caching.backends.ResilientRedisCache"  # as settings/production.py configures it


def _redis_settings(settings, redis_url: str) -> None:
    settings.CACHES = {"default": {"BACKEND": BACKEND, "LOCATION": redis_url}}
    settings.PAGE_CACHE = None  # the default: on, since Redis is shared
    generation.forget_token()


def test_a_withdrawal_while_redis_is_down_outlives_redis_coming_back_with_its_data(
    database_copy, tmp_path, settings, client
):
    import redis

    data = tmp_path / "redis"
    data.mkdir()
    port = free_port()
    redis_up = ExitStack()
    with redis_up:
        redis_url = redis_up.enter_context(redis_server(data, port=port))
        _redis_settings(settings, redis_url)
        story = make_story(make_consent(storyteller="Member R-3"), title=TITLE, publish=True)
        with development_server(tmp_path, database_copy, BACKEND, redis_url) as base:
            urls = surfaces(story)
            for url in urls:
                miss = fetch(base + url)
                assert miss[0] == 200 and (TITLE in miss[2] or story.url in miss[2]), url
                assert fetch(base + url) == miss, url  # now served from Redis
            last_request = time.monotonic()
            stored = redis.Redis.from_url(redis_url)
            pages_before = set(stored.keys("*pagecache:page:*"))
            assert pages_before, "nothing cached"
            generation_before = stored.get(f":1:{generation.GENERATION_KEY}")
            assert generation_before is not None
            stored.save()  # what persistence would have on disk when Redis stops
            stored.close()
            redis_up.close()

            # --- Redis is down (its process ended) -------------------------------------------
            reader = Client()
            response = reader.get(story.url)
            assert response.status_code == 200 and TITLE in response.content.decode()

            client.force_login(people.leader(language="en"))
            response = client.post(reverse("consent_withdraw", args=[story.consent_id]))
            # Her usual success (a redirect to the confirmation), never a server error.
            assert response.status_code in (200, 302)
            assert ConsentRecord.objects.get(pk=story.consent_id).status == "withdrawn"
            assert reader.get(story.url).status_code == 410

            # --- Redis back, with everything it held --------------------------------------------
            with redis_server(data, port=port):
                stored = redis.Redis.from_url(redis_url)
                assert stored.get(f":1:{generation.GENERATION_KEY}") == generation_before
                assert pages_before <= set(stored.keys("*pagecache:page:*")), "data not kept"
                # The documented window: a process trusts the token it read for TOKEN_SECONDS;
                # an outage (and a change) inside that second is the one inexact case.
                time.sleep(max(0.0, generation.TOKEN_SECONDS - (time.monotonic() - last_request)))

                assert get(base + story.url)[0] == 410
                for url in urls[1:]:
                    status, body = get(base + url)
                    assert status == 200 and TITLE not in body and story.slug not in body, url
