"""Walk the demo as a person would: follow every link of every page, exports and API included.

The demo is loaded once per test module (``demo_data``), inside a transaction rolled back at
the end, so that the crawls of several roles share it. :func:`crawl` follows the links found
in each page (``href`` of ``<a>``, ``action`` is never followed: a crawl reads, it never
submits), visiting at most a few URLs per URL pattern so that 600 pupils make one visit.
"""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

HREF = re.compile(r'href="([^"]+)"')
# Links of the API: its answers name their endpoints and pages by absolute URL.
API_LINK = re.compile(r'"http://testserver(/api/[^"]*)"')
# Links that end the session or leave the application: never followed.
NOT_FOLLOWED = ("/deconnexion/", "/admin/", "/static/", "/media/", "/api/v1/schema/")


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The full demo, loaded once for the module and rolled back after it; gives the folder
    of its files (shared bilans, documents), which the module's tests must serve from
    (:func:`demo_media`)."""
    from pilote.core.management.commands.demo import load_demo

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(MEDIA_ROOT=media):
                load_demo()
            yield media
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_media(demo_data, settings):
    """The demo's files where the demo wrote them, for this test."""
    settings.MEDIA_ROOT = demo_data


@dataclass
class Visit:
    url: str
    status: int
    content_type: str
    body: bytes


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)

    def failures(self) -> list[str]:
        return [f"{v.status} {v.url}" for v in self.visits if v.status >= 500]

    def routes(self) -> set[str]:
        return {route_of(v.url) for v in self.visits}


def route_of(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return ""


def links_of(body: bytes, base: str) -> list[str]:
    links = []
    for raw in HREF.findall(body.decode("utf-8", errors="replace")):
        href = urldefrag(unescape(raw)).url
        if href.startswith("?"):
            href = urlsplit(base).path + href
        if href.startswith("/") and not href.startswith(NOT_FOLLOWED):
            links.append(href)
    return links


def crawl(client: Client, start: list[str], *, per_route: int = 2, limit: int = 1500) -> Crawl:
    """Breadth-first walk from ``start``; each URL pattern visited at most ``per_route``
    times per query-string shape (a list, its export, its filters)."""
    result = Crawl()
    seen: set[str] = set()
    per_shape: Counter = Counter()
    queue = deque(start)
    while queue and len(result.visits) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        query_keys = tuple(sorted(k.split("=")[0] for k in parts.query.split("&") if k))
        shape = (route_of(url), query_keys)
        if not shape[0] and parts.path != "/":
            continue
        if per_shape[shape] >= per_route:
            continue
        per_shape[shape] += 1
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        body = b"".join(response) if response.streaming else response.content
        result.visits.append(Visit(url, response.status_code, content_type, body))
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append(response["Location"])
        if content_type.startswith("text/html") and response.status_code == 200:
            queue.extend(links_of(body, url))
        if content_type.startswith("application/json") and response.status_code == 200:
            queue.extend(API_LINK.findall(body.decode()))
    return result
