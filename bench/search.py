"""Search latency on PostgreSQL as the archive grows: 1,000 and then 10,000 published
articles, each with text as long as the example article's.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xrays_bench make bench-search

The database named in DATABASE_URL is dropped and made again, so it must be one of the
benchmark's own: its name has to contain "bench". Articles are written with
bulk_create (no workflow, no emails). Each query goes through `search_page`, which the
search page calls: the count and the first page of results with their snippets. Prints
the 50th and 95th percentile over every query; bounded to a few minutes.
"""

import itertools
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000)
ROUNDS = 3  # each query is timed this many times at each size
BATCH = 1_000
TEXT_CHARACTERS = 4_600  # the example article's plain text
SEED = 20170328

RARE_TOPICS = [
    "prostate",
    "leukemia",
    "melanoma",
    "pancreatic",
    "ovarian",
    "lymphoma",
    "immunotherapy",
    "biopsy",
    "remission",
    "palliative",
    "genomics",
    "colorectal",
    "glioblastoma",
    "sarcoma",
    "myeloma",
    "chemotherapy",
    "radiation",
    "screening",
    "hormone",
    "nodes",
]

QUERIES = [
    # common words and phrases: most of the archive matches, ranking does the work
    "cancer",
    "breast cancer",
    "treatment",
    "tumor",
    "cells",
    "study",
    "metastasis",
    "spread",
    "mice",
    "patients",
    "research",
    "doctor",
    "risk",
    "early",
    "survival",
    # word forms, several words, websearch syntax
    "metastatic breast cancer",
    "tumors spreading early",
    "HER2-positive",
    '"primary tumor"',
    "cancer -mice",
    "mammogram screening",
    "chemotherapy OR radiation",
    "immune cells tumor",
    "genetic mutations",
    "clinical trial",
    "lymph nodes",
    "how does cancer spread",
    "what does this mean for me",
    "hormone therapy",
    "bone metastases",
    # rarer words: a few articles match
    *RARE_TOPICS[:15],
    # nothing matches
    "zebrafishology",
    "quantum tumorigenesis xyzzy",
    "eyeglasses",
    "volcano",
    "astronomy telescope",
]

# Words a review of cancer research uses often that the example article happens not to.
COMMON_WORDS = ["patients", "survival", "risk", "clinical", "trial", "immune", "lymph", "therapy"]


def bench_database_url():
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or "bench" not in name:
        sys.exit(
            "bench/search.py drops and re-creates the database it is given, so it needs one "
            "of its own on PostgreSQL, named with 'bench', e.g.\n"
            "    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xrays_bench make bench-search"
        )
    return url, name


def recreate_database(url, name):
    """Drop database `name` (closing its connections) and make it again, empty."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    maintenance = parts._replace(path="/postgres").geturl()
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def vocabulary(rng):
    """Words ranked by how often they appear: the example article's words first, most
    frequent first (as a review's own vocabulary would be), then a long tail of made-up words, so the index
    holds tens of thousands of distinct terms as a real archive does."""
    from articles import demo
    from articles.text import html_to_text

    text = " ".join([demo.TITLE, demo.SUMMARY] + [html_to_text(s["body"]) for s in demo.SECTIONS]).lower()
    words = [word for word, _ in Counter(re.findall(r"[a-z][a-z0-9-]+", text)).most_common()]
    words[60:60] = [w for w in COMMON_WORDS if w not in words]
    syllables = ["ca", "ro", "mi", "ne", "to", "lu", "ga", "fe", "sy", "do", "ke", "pra", "sti", "vel", "mor"]
    tail = set()
    while len(tail) < 30_000:
        tail.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return words + sorted(tail)


def article_texts(rng, words, weights):
    """A title, a summary and a body of about TEXT_CHARACTERS characters."""
    topic = rng.choice(RARE_TOPICS) if rng.random() < 0.3 else None

    def sentence(n):
        chosen = rng.choices(words, cum_weights=weights, k=n)
        if topic and rng.random() < 0.2:
            chosen[rng.randrange(n)] = topic
        return " ".join(chosen).capitalize() + "."

    title = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(4, 9))).capitalize()
    if topic and rng.random() < 0.5:
        title += f" in {topic}"
    summary = " ".join(sentence(rng.randint(10, 20)) for _ in range(3))
    body = []
    length = 0
    while length < TEXT_CHARACTERS:
        piece = sentence(rng.randint(8, 24))
        body.append(piece)
        length += len(piece) + 1
    return title, summary, " ".join(body)


def build(count, start, rng, words, weights):
    """Add `count` published articles, one live version each, numbered from `start`."""
    import datetime

    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article, PublishedVersion

    now = timezone.now()
    for first in range(start, start + count, BATCH):
        numbers = range(first, min(first + BATCH, start + count))
        texts = [article_texts(rng, words, weights) for _ in numbers]
        with transaction.atomic():
            articles = Article.objects.bulk_create(
                [
                    Article(
                        title=title[:250], slug=f"bench-{n}", summary=summary, state=Article.State.PUBLISHED
                    )
                    for n, (title, summary, _) in zip(numbers, texts, strict=True)
                ]
            )
            versions = PublishedVersion.objects.bulk_create(
                [
                    PublishedVersion(
                        article=article,
                        number=1,
                        published_at=now - datetime.timedelta(hours=n),
                        title=article.title,
                        slug=article.slug,
                        summary=article.summary,
                        posted_on=(now - datetime.timedelta(hours=n)).date(),
                        body_text=body,
                        fingerprint=f"{n:064d}",
                        content={"title": article.title, "slug": article.slug, "sections": []},
                    )
                    for n, article, (_, _, body) in zip(numbers, articles, texts, strict=True)
                ]
            )
            for article, version in zip(articles, versions, strict=True):
                article.live_version = version
            Article.objects.bulk_update(articles, ["live_version"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def first_page(query):
    """What the search page does for `query`: count, first page, snippets."""
    from articles.public.search import search_page
    from articles.public.views import PAGE_SIZE

    page = search_page(query, 1, PAGE_SIZE)
    return page.paginator.count, [v.snippet for v in page.object_list]


def measure():
    from django.db import reset_queries

    for query in QUERIES:  # warm the cache and the connection
        first_page(query)
    latencies, found = [], {}
    for _ in range(ROUNDS):
        for query in QUERIES:
            began = time.perf_counter()
            found[query], _ = first_page(query)
            latencies.append((query, (time.perf_counter() - began) * 1000))
            reset_queries()
    return latencies, found


def admin_article_list():
    """(median ms, queries) of the editors' article list, first page, as an editor."""
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from xrays.roles import EDITORS, sync_roles

    sync_roles()
    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name=EDITORS))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    timings = []
    for _ in range(6):
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/admin/articles/article/")
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings[1:]), len(queries)


def percentile_95(values):
    return statistics.quantiles(values, n=20)[18]


def main():
    url, name = bench_database_url()
    began = time.monotonic()
    recreate_database(url, name)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xrays.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = ""
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    rng = random.Random(SEED)
    words = vocabulary(rng)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))  # Zipf's law
    print(f"XRAYS search benchmark: PostgreSQL, {len(QUERIES)} queries x {ROUNDS}, first page of results")
    print(f"{'articles':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  p50 ms of queries most articles match")
    built = 0
    for size in SIZES:
        build(size - built, built, rng, words, weights)
        built = size
        latencies, found = measure()
        broad = [ms for (query, ms) in latencies if found[query] > size // 2]
        every = [ms for _, ms in latencies]
        print(
            f"{size:>9,}{statistics.median(every):>9.1f}{percentile_95(every):>9.1f}{max(every):>9.1f}",
            end="",
        )
        print(f"{statistics.median(broad):>18.1f}  ({len(broad) // ROUNDS} queries)" if broad else "")
        admin_ms, admin_queries = admin_article_list()
        print(f"{'':>9}  the admin's article list: {admin_ms:.0f} ms, {admin_queries} SQL queries")
    print(f"done in {time.monotonic() - began:.0f} s")


if __name__ == "__main__":
    main()
