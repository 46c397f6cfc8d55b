"""The page cache's record in the database (caching/generation.py): one row whose token changes in
the same transaction as any write that can change a public page."""

from __future__ import annotations

from django.db import models


class PageCacheToken(models.Model):
    """One row (id 1). Its token is part of every cached page's validity, next to the shared
    cache's generation: a change the shared cache missed (Redis unreachable at the commit) is
    still recorded here, so the cache cannot outlive it when Redis comes back."""

    token = models.CharField(max_length=32)

    class Meta:
        db_table = "caching_pagecachetoken"

    def __str__(self) -> str:
        return "page cache token"
