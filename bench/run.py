"""XRAYS page benchmark: the server, measured by a load generator that is not Python.

    make bench            # this, then the email fan-out (bench/fanout.py)

1. Builds a realistic database (bench/archive.py): the demo content, then 1,000
   published articles with 8 sections, 6 references and 4 audiences each, 300 more
   glossary terms, 10,000 followers and 20,000 survey responses. On PostgreSQL when
   one answers on 127.0.0.1:5432 (database `xrays_bench`, dropped and made again;
   BENCH_DATABASE_URL names another, with "bench" in its name), else on SQLite.
2. Counts the SQL queries of each page, as built and as served from the page cache,
   before and after the archive is added: the counts must not grow with the content,
   and a page from the page cache costs none (QUERIES_PER_HIT_GOAL).
3. Serves the site with gunicorn (2 workers, production settings: DEBUG off, throttles
   off) on 127.0.0.1, and drives each page with wrk (8 connections, BENCH_SECONDS each;
   BENCH_PAGES="health check,article" measures only those):
   requests per second, p50 and p99 latency, and each rate as a ratio of /healthz on
   the same server in the same run. The Spanish article page is measured beside the
   English one ("article (Spanish)"), and compared with it: same queries, same speed.
4. Puts the sample nginx (deploy/nginx/, run as tests/scale/test_nginx.py runs it) in
   front of that gunicorn: the article page through nginx against the site alone (goal:
   5× as fast), and the seconds a withdrawal, a correction and a new address take to
   reach a reader who keeps reading through nginx (goal: 5 s at most).
5. Prints the tables and writes them to bench/results/<time>.json (BENCH_RESULTS names
   another file), so that runs can be compared.

Bounded: every step has a time limit, and the server is stopped whatever happens.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from search import recreate_database  # bench/search.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 8
WORKERS = 2
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/xrays_bench"

ARTICLE = "/articles/does-metastasis-happen-earlier/"
# The demo's Spanish translation of it (articles/demo_es.py): the same page for a
# Spanish reader must cost the same queries and run at the same speed.
ARTICLE_ES = "/es/articles/la-metastasis-ocurre-antes/"
SURVEY = "/surveys/brief-survey/?article=does-metastasis-happen-earlier"
# The home page narrowed by two audiences (any of them; the demo's and the archive's),
# a type and this year, its filter form counting every value (articles/public/facets.py).
HOME_FACETED = "/?audience=men-with-breast-cancer&audience=people-with-breast-cancer&type=article_review&published=this-year"
SEARCHES = ["metastasis", "breast cancer", "tumor cells", "mice", "HER2-positive", "treatment", "melanoma"]
PAGES = [
    # name, address, what the ratio to /healthz should reach (the goals of the speed issue)
    ("health check", "/healthz", None),
    ("home", "/", 0.8),
    ("home (faceted)", HOME_FACETED, 0.8),
    ("article", ARTICLE, 1.5),
    ("article (Spanish)", ARTICLE_ES, 1.5),
    ("audience", "/audiences/people-with-breast-cancer/", 0.8),
    # No cache keeps a search (what a reader searched for is theirs): searches readers
    # repeat are built each time, as a new one is (a page of results nobody asked for).
    ("search", "/search/?q=metastasis", None),
    ("search, new", "/search/?q=metastasis", None),
    ("survey answer", SURVEY, None),
]

# SQL queries a page served from the page cache may cost, counted over SERVED_AGAIN hits.
QUERIES_PER_HIT_GOAL = 0
SERVED_AGAIN = 20
# Pages the page cache keeps (the others are built each time).
CACHED_PAGES = ["home", "home (faceted)", "article", "article (Spanish)", "audience"]

COUNT_QUERIES = """
import json
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pages = json.loads(PAGES_JSON)
client = Client(HTTP_HOST="127.0.0.1")
cache.clear()
caches["pages"].clear()
counts = {}
for name, path in pages:
    numbers = []
    # As built, then served again AGAIN times: the mean of those, since a process reads
    # the content generations once a second (xrays/generations.py), whatever it serves.
    for _ in range(1 + AGAIN):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        numbers.append(len(queries))
    again = sum(numbers[1:]) / AGAIN
    counts[name] = [numbers[0], int(again) if again == int(again) else round(again, 2)]
print(json.dumps(counts))
"""


def say(text=""):
    print(text, flush=True)


def manage(env, *args, timeout=600, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        text=True,
    )
    return result.stdout


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk (the load generator) is missing: installing Debian's package")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, timeout=300)
        return
    sys.exit("The benchmark drives the server with wrk. Install it first: sudo apt-get install wrk")


def postgres_answers():
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def database_url(workdir, default=DEFAULT_POSTGRES):
    """BENCH_DATABASE_URL, or PostgreSQL when it answers, else a SQLite file in `workdir`.
    A PostgreSQL database is dropped and made again."""
    url = os.environ.get("BENCH_DATABASE_URL") or (default if postgres_answers() else "")
    if not url:
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"The benchmark drops and re-makes its database: {name!r} must have 'bench' in its name.")
    recreate_database(url, name)
    return url


def count_queries(env):
    # A new search is built as the search row's first request is; the survey row's
    # address is the form itself.
    pages = [(name, path) for name, path, _ in PAGES if name != "search, new"]
    script = COUNT_QUERIES.replace("PAGES_JSON", repr(json.dumps(pages))).replace("AGAIN", str(SERVED_AGAIN))
    return json.loads(
        manage(env, "shell", "--no-imports", "-c", script, capture=True).strip().splitlines()[-1]
    )


# The English and the Spanish article page, each built again with the data caches warm
# (glossary, site text, audience names) and the page cache empty: the "built" column
# builds each page once from cold caches, in table order, so the page measured first
# pays for caches the next one finds warm.
COUNT_LANGUAGES = """
import json
import time
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="127.0.0.1")
cache.clear()
paths = json.loads(PATHS_JSON)
for path in paths.values():
    client.get(path)
counts = {}
for name, path in paths.items():
    caches["pages"].clear()
    time.sleep(1.1)  # each page reads the content generations (at most once a second) alike
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    counts[name] = len(queries)
print(json.dumps(counts))
"""


def count_language_queries(env):
    paths = {"article": ARTICLE, "article (Spanish)": ARTICLE_ES}
    script = COUNT_LANGUAGES.replace("PATHS_JSON", repr(json.dumps(paths)))
    return json.loads(
        manage(env, "shell", "--no-imports", "-c", script, capture=True).strip().splitlines()[-1]
    )


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(env, port, log):
    # As deployed: every request writes its JSON log line (to a file here).
    env = {**env, "LOG_LEVEL": "INFO"}
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "xrays.wsgi"),
            *("--bind", f"{HOST}:{port}", "--workers", str(WORKERS), "--log-level", "warning"),
            *("--timeout", "30", "--graceful-timeout", "5"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    sys.exit("gunicorn did not start")


def stop(server):
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def survey_script(port, workdir):
    """A wrk script that answers the survey as a reader would: the CSRF cookie and
    token from the form, a rating and a yes/no answer."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"http://{HOST}:{port}{SURVEY}", timeout=10) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {"csrfmiddlewaretoken": token}
    for name in dict.fromkeys(re.findall(r'type="radio" name="([^"]+)"', form)):
        values = re.findall(rf'type="radio" name="{re.escape(name)}" value="([^"]+)"', form)
        fields[name] = values[-1]
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    script = workdir / "survey.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(urllib.parse.urlencode(fields))}\n"
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = {json.dumps(cookies)}\n'
    )
    return script


def search_script(workdir, new):
    """A wrk script that goes through SEARCHES in turn; with `new`, each asks for a
    random page number past the last (the last page of results), as a search nobody
    made before. No cache keeps either."""
    paths = ", ".join(json.dumps("/search/?" + urllib.parse.urlencode({"q": q})) for q in SEARCHES)
    script = workdir / ("search-new.lua" if new else "search.lua")
    script.write_text(
        f"local paths = {{{paths}}}\n"
        "local n = 0\n"
        # Each thread has its own Lua state: seed each from its own table's address.
        "math.randomseed(os.time() + tonumber(tostring({}):match('0x(%x+)'), 16) % 100000)\n"
        "request = function()\n"
        "  n = n % #paths + 1\n"
        + (
            "  return wrk.format(nil, paths[n] .. '&page=' .. math.random(1000, 1000000000))\n"
            if new
            else "  return wrk.format(nil, paths[n])\n"
        )
        + "end\n"
    )
    return script


def wrk(port, path, seconds, script=None, scheme="http"):
    # As every browser asks: pages come compressed (GZipMiddleware, xrays/settings.py).
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-H", "Accept-Encoding: gzip, deflate, br"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, f"{scheme}://{HOST}:{port}{path}"],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency(output, "50%"),
        "p99_ms": latency(output, "99%"),
        "errors": errors,
    }


def latency(output, percentile):
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


# The front cache: the sample nginx (deploy/nginx/), run as tests/scale/test_nginx.py
# runs it, in front of the same gunicorn.
FRONT_GOALS = {"ratio": 5.0, "seconds": 5.0}
FRONT_CHANGES = ["withdrawal", "correction", "new address"]
CORRECTION = "This finding was checked again by a second laboratory."

CHANGE_SCRIPT = """
import json
import time
from django.contrib.auth import get_user_model
from articles import workflow
from articles.models import Article

change, slug, correction = json.loads(PARAMS_JSON)
users = get_user_model().objects
article = Article.objects.get(slug=slug)
if change == "withdrawal":
    workflow.withdraw(article, by=users.get(username="editor"), reason="Retracted.")
else:
    if change == "correction":
        section = article.sections.order_by("order").first()
        section.body = f"<p>{correction}</p>"
        section.save()
    else:
        article.slug = slug + "-moved"
        article.save()
    workflow.submit_for_review(article, by=users.get(username="author"))
    workflow.approve(article, by=users.get(username="reviewer"))
    workflow.publish(article, by=users.get(username="editor"))
print(time.time())  # committed: each workflow step commits before it returns
"""

# Three archive articles, one for each change (the demo article and its Spanish
# translation stay as they are).
ARCHIVE_SLUGS = """
from articles.models import PublishedVersion
live = PublishedVersion.objects.live().in_language("en").exclude(slug=DEMO_SLUG).order_by("pk")
print(" ".join(live.values_list("slug", flat=True)[:3]))
"""


def front_cache(env, port, workdir):
    """The article page through nginx against the site alone (wrk, one after the other),
    then how long a withdrawal, a correction and a new address take to reach a reader
    who keeps reading an archive article through nginx (ten reads a second)."""
    sys.path.insert(0, str(ROOT))
    from tests.scale.nginx import Nginx  # the tests' own way of running the sample

    folder = workdir / "nginx"
    folder.mkdir()
    proxy = Nginx(folder, port).start()
    try:
        wrk(port, ARTICLE, 2)
        site = wrk(port, ARTICLE, SECONDS)
        wrk(proxy.https_port, ARTICLE, 2, scheme="https")
        front = wrk(proxy.https_port, ARTICLE, SECONDS, scheme="https")
        slug_script = ARCHIVE_SLUGS.replace("DEMO_SLUG", repr(ARTICLE.split("/")[2]))
        slugs = manage(env, "shell", "--no-imports", "-c", slug_script, capture=True).split()
        seconds = {
            change: seconds_to_reach_readers(env, proxy, change, slug)
            for change, slug in zip(FRONT_CHANGES, slugs, strict=True)
        }
    finally:
        proxy.stop()
    return {
        "article_site": site,
        "article_nginx": front,
        "ratio": round(front["requests_per_second"] / site["requests_per_second"], 2),
        "seconds_to_reach_readers": seconds,
        "goals": FRONT_GOALS,
    }


def seconds_to_reach_readers(env, proxy, change, slug):
    """Seconds from the change's commit to the first read through nginx that shows it."""
    from tests.scale.nginx import Reader

    url = proxy.url(f"/articles/{slug}/")
    for _ in range(2):  # the second read is nginx's copy
        status, _, before = Reader().get(url)
        assert status == 200, url
    new_answer = {
        "withdrawal": lambda status, headers, body: status == 404,
        # The glossary may mark words of the new text: any change of the page is it.
        "correction": lambda status, headers, body: status == 200 and body != before,
        "new address": lambda status, headers, body: status == 301,
    }[change]
    seen = []
    done = threading.Event()

    def read():
        while not done.is_set():
            status, headers, body = Reader().get(url)
            if new_answer(status, headers, body):
                seen.append(time.time())
                return
            time.sleep(0.1)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        script = CHANGE_SCRIPT.replace("PARAMS_JSON", repr(json.dumps([change, slug, CORRECTION])))
        committed = float(manage(env, "shell", "--no-imports", "-c", script, capture=True).split()[-1])
        reader.join(30)
    finally:
        done.set()
        reader.join(30)
    if not seen:
        sys.exit(f"The {change} had not reached readers through nginx 30 s later.")
    return round(seen[0] - committed, 2)


def say_front_cache(front):
    goals = front["goals"]
    say(f"\nThe article page through the sample nginx (HTTPS, deploy/nginx/), {SECONDS} s each")
    say(f"{'served by':<15}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'errors':>8}")
    for name, r in [("the site alone", front["article_site"]), ("nginx", front["article_nginx"])]:
        say(
            f"{name:<15}{r['requests_per_second']:>8.0f}{r['p50_ms']:>8.1f}{r['p99_ms']:>8.1f}{r['errors']:>8}"
        )
    mark = "≥" if front["ratio"] >= goals["ratio"] else "<"
    say(f"nginx serves it {front['ratio']:.1f}× as fast as the site alone (goal {mark}{goals['ratio']:.0f}×)")
    for change, seconds in front["seconds_to_reach_readers"].items():
        mark = "≤" if seconds <= goals["seconds"] else ">"
        say(
            f"a {change} reached a reader reading through nginx in {seconds:.1f} s (goal {mark}{goals['seconds']:.0f} s)"
        )


def main():
    ensure_wrk()
    # BENCH_PAGES="health check,article" measures those pages only (and the front cache):
    # a quicker look at one ratio. The health check is always measured.
    wanted = {"health check", *filter(None, os.environ.get("BENCH_PAGES", "").split(","))}
    pages = [page for page in PAGES if page[0] in wanted] if len(wanted) > 1 else PAGES
    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="xrays-bench-"))
    env = {
        **os.environ,
        "SECRET_KEY": "bench-only",
        "DEBUG": "",
        "RATELIMIT_ENABLE": "0",
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url(workdir),
    }
    database = (
        env["DATABASE_URL"].split(":", 1)[0].replace("postgres", "PostgreSQL").replace("sqlite", "SQLite")
    )
    server = None
    try:
        say(f"XRAYS benchmark on {database}: building the database")
        manage(env, "migrate", "--no-input")
        manage(env, "load_demo", "--allow-production")
        manage(env, "collectstatic", "--no-input")
        queries_demo = count_queries(env)
        built = time.monotonic()
        script = "import sys; sys.path.insert(0, '.'); from bench import archive; archive.build()"
        say(manage(env, "shell", "--no-imports", "-c", script, capture=True).rstrip())
        say(f"  built in {time.monotonic() - built:.0f} s")
        queries_archive = count_queries(env)
        queries_languages = count_language_queries(env)

        port = free_port()
        with open(workdir / "server.log", "w") as log:
            server = start_server(env, port, log)  # gunicorn keeps its own copy of the file
        scripts = {
            "search": search_script(workdir, new=False),
            "search, new": search_script(workdir, new=True),
            "survey answer": survey_script(port, workdir),
        }
        results = {}
        for name, path, _ in pages:
            wrk(port, path, 2, scripts.get(name))  # warm: caches, connections, the JIT of nothing
            results[name] = wrk(port, path, SECONDS, scripts.get(name))
        # The health check again at the end: the ratio uses the mean of both runs.
        again = wrk(port, "/healthz", SECONDS)
        healthz = (results["health check"]["requests_per_second"] + again["requests_per_second"]) / 2
        # Last: it withdraws, corrects and moves three archive articles.
        front = front_cache(env, port, workdir)
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(workdir, ignore_errors=True)

    say(
        f"\nwrk, {CONNECTIONS} connections, {SECONDS} s a page; gunicorn, {WORKERS} workers, DEBUG off; "
        f"{database}; {os.cpu_count()} cores"
    )
    say(
        f"{'page':<15}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'× healthz':>11}{'goal':>6}"
        f"{'errors':>8}{'SQL built/kept':>16}{'(demo only)':>13}"
    )
    rows = []
    for name, path, goal in pages:
        r = results[name]
        ratio = r["requests_per_second"] / healthz
        sql = queries_archive.get(name, ["-", "-"])
        sql_demo = queries_demo.get(name, ["-", "-"])
        mark = "" if goal is None else ("≥" if ratio >= goal else "<") + f"{goal:.1f}"
        say(
            f"{name:<15}{r['requests_per_second']:>8.0f}{r['p50_ms']:>8.1f}{r['p99_ms']:>8.1f}"
            f"{ratio:>10.2f}×{mark:>6}{r['errors']:>8}{f'{sql[0]}/{sql[1]}':>16}{f'{sql_demo[0]}/{sql_demo[1]}':>13}"
        )
        rows.append(
            {
                "page": name,
                "path": path,
                **r,
                "ratio_to_healthz": round(ratio, 3),
                "goal": goal,
                "sql_built": sql[0],
                "sql_kept": sql[1],
                "sql_demo_built": sql_demo[0],
                "sql_demo_kept": sql_demo[1],
            }
        )
    say("SQL built/kept: queries of the page as built, and as served again (from the page cache")
    say("where it has one), with the 1,000-article archive and, in brackets, the demo content alone.")
    hits = {name: queries_archive[name][1] for name in CACHED_PAGES}
    say(
        f"SQL queries per page-cache hit, mean of {SERVED_AGAIN} (goal {QUERIES_PER_HIT_GOAL}; a process also "
        "reads the generations once a second): "
        + ", ".join(f"{name} {count}" for name, count in hits.items())
    )
    spanish = compare_languages(results, queries_languages)
    say_front_cache(front)
    say(f"done in {time.monotonic() - began:.0f} s")
    write_results(
        "pages",
        {
            "database": database,
            "seconds": SECONDS,
            "connections": CONNECTIONS,
            "workers": WORKERS,
            "healthz_requests_per_second": healthz,
            "sql_queries_per_cache_hit": hits,
            "pages": rows,
            "spanish_article": spanish,
        },
    )
    write_results("front_cache", front)


def compare_languages(results, queries):
    """The Spanish article page against the English one, measured in the same run: its
    speed as a share of the English page's, and whether it is built with the same
    queries (count_language_queries, with the archive). None when either page was not
    measured (BENCH_PAGES)."""
    if "article" not in results or "article (Spanish)" not in results:
        return None
    english, spanish = results["article"], results["article (Spanish)"]
    same_queries = queries["article"] == queries["article (Spanish)"]
    share = spanish["requests_per_second"] / english["requests_per_second"]
    say(
        f"Spanish article page: {share:.2f}× the English page's req/s "
        f"(p50 {spanish['p50_ms']:.1f} ms against {english['p50_ms']:.1f} ms); built with "
        f"{queries['article (Spanish)']} queries against {queries['article']} "
        f"({'the same' if same_queries else 'DIFFERENT'}), caches warm"
    )
    return {
        "share_of_english_rate": round(share, 3),
        "queries_built_warm": queries,
        "same_queries": same_queries,
    }


def write_results(section, data):
    """Merge this part of the run into the results file (the fan-out adds its own)."""
    path = Path(
        os.environ.get("BENCH_RESULTS") or ROOT / "bench" / "results" / time.strftime("%Y%m%d-%H%M%S.json")
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(path.read_text()) if path.exists() else {}
    results[section] = data
    results.setdefault("started", time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    path.write_text(json.dumps(results, indent=2) + "\n")
    say(f"results written to {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
