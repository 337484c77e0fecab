"""Benchmark: resident pages and the final submit, as ratios of a bare Flask "hello" floor.

QUALITY.md §6 asks that every resident GET page is served at >= 40 % and the final
submission (validate + store) at >= 20 % of the requests per second of a bare Flask app
(`tests/benchmarks/bare_app.py`: `Flask(__name__)` with one route, nothing of ours), served
with the same server settings in the same run on the same machine. This is a measurement,
not a test (pytest does not collect it): it exits 0 whether or not a goal is met and prints
WARN for a missed goal. It exits non-zero only when it cannot measure (a server does not
start, a sanity request fails).

Usage, from the repository root:

    .venv/bin/python -m tests.benchmarks.bench_pages [--rounds 5] [--seconds 2] [--threads 8]
        [--warmup 0.5] [--server gunicorn|werkzeug] [--workers 2] [--drafts 9000]
        [--question N] [--database-url postgresql://postgres@127.0.0.1:5432/test]

The default server is gunicorn with sync workers, as in production (installed with the
test extras). Without gunicorn it falls back to werkzeug's threaded server and says so.

What it does:

1. Migrates (Alembic) and seeds (`participation.demo.seed_demo`) a fresh database: a SQLite
   file in a temporary folder, or with `--database-url postgresql://...` a separate database
   `participation_bench` on that server, created for the run and dropped afterwards (the
   database named in the URL is only used to connect; the test suite's data is not touched).
2. Builds the platform with `participation.create_app` as in production: CSRF checks on.
   A `/bench/hello` route is added to the same app object, only for an extra line that
   shows what the platform's own hooks cost; it is not the floor.
3. Creates resident drafts directly with the answering services and signs their session
   cookies with the app's own serializer, shaped like a browser's after its first form
   (draft token and raw CSRF token); each submit posts the matching signed CSRF token.
4. Serves the bare app and the platform from two subprocesses with the same settings and
   loads them from N client threads (http_load.py). The machine's speed changes by 10-30 %
   within minutes, so the scenarios are measured in `--rounds` rounds: in each round every
   platform scenario runs right after a window of the floor, each window `--warmup`
   seconds uncounted, then `--seconds` counted, and its ratio is the median over rounds:
     floor         bare app    GET /                                     "Hello, World!"
     in-app hello  platform    GET /bench/hello                          "Hello, World!"
     start         platform    GET /de/            (no cookie: a first visit)
     municipality  platform    GET /de/gemeinde/aichtal  (no cookie)
     quartier      platform    GET /de/umfrage/<id>/quartier  (no cookie: the first form
                                                   every resident sees; it sets the cookie)
     question      platform    GET /de/umfrage/<id>/frage/<n>, the first position of every
                                                   page of the starter template in turn (or
                                                   only `--question N`), with a complete draft
     matrix        platform    GET of a page of ten statements on one scale (a grid of 60
                                                   radio rows), with a draft
     submit        platform    POST /de/umfrage/<id>/pruefen, a fresh complete draft per
                                                   request: 302 to .../danke, one response
     event         platform    GET /de/veranstaltung/<id>  (no cookie): the demo walk of
                                                   Aichtal, 30 places, with a waiting list
     signup        platform    POST /de/veranstaltung/<id>/anmelden, step=confirm: the last
                                                   step of the sign-up form, each with a
                                                   fresh form token and its own name, the
                                                   honeypot empty: 302 to .../angemeldet, one
                                                   sign-up (the first 30 confirmed, the rest
                                                   on the waiting list)
   Only the expected answer counts as a request; anything else, and connection errors,
   count as errors.
5. Prints a table (all windows of a scenario added up: requests, seconds, req/s, latency
   p50/p99, errors, CPU ms per request of the serving processes; the median ratio to the
   floor and its range over the rounds) and one line per goal. The server CPU per
   request (from /proc; app processes only, not PostgreSQL) is a cross-check that does
   not depend on the load generator, which shares the machine's cores with the servers.
"""

import argparse
import importlib.util
import json
import os
import platform
import secrets
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.bare_app import HELLO_BODY
from tests.benchmarks.bench_data import (
    MUNICIPALITY,
    Fixture,
    prepare_database,
    seed,
    stored_responses,
    stored_signups,
)
from tests.benchmarks.http_load import (
    HttpConnection,
    Load,
    Result,
    Rotation,
    SharedPool,
    http_request,
    run_scenario,
    server_processes,
    start_server,
    stop_server,
)

CONFIG_ENV = "BENCH_PAGES_CONFIG"
HELLO_PATH = "/bench/hello"
PAGE_GOAL, SUBMIT_GOAL = 0.40, 0.20
RESIDENT_PAGES = ("start", "municipality", "quartier", "question", "matrix", "event")
POSTS = ("submit", "signup")


# --- the app under test (built in this process and in the server subprocess) ---------------

def build_app(config: dict):
    """The platform's app, as in production, with a hello route added for comparison."""
    # create_app() reads SECRET_KEY from the environment first; without it, it would write
    # a key file into the checkout's instance folder.
    os.environ["SECRET_KEY"] = config["SECRET_KEY"]
    from participation import create_app

    app = create_app({
        "DATABASE_URL": config["DATABASE_URL"],
        "SECRET_KEY": config["SECRET_KEY"],
        "REDIS_URL": None,
        "SMTP_HOST": None,
        "MAIL_OUTBOX_DIR": config["MAIL_OUTBOX_DIR"],
        "BASE_URL": "http://127.0.0.1",
        # Only organiser password hashing (seeding) uses it; no measured request does.
        "ARGON2_PROFILE": "fast-for-tests",
        # The load generator is one address sending hundreds of submits a minute: the flood
        # the limit stops. Raised, not switched off, so that the counting is measured.
        "SUBMIT_LIMIT_PER_ADDRESS": "100000000/minute",
        "SIGNUP_LIMIT_PER_ADDRESS": "100000000/minute",
    })

    @app.get(HELLO_PATH)
    def bench_hello():
        return HELLO_BODY.decode()

    return app


def server_app():
    """WSGI entry of the server subprocess: gunicorn 'tests.benchmarks.bench_pages:server_app()'."""
    return build_app(json.loads(os.environ[CONFIG_ENV]))


ROOT = Path(__file__).resolve().parents[2]


# --- measuring ------------------------------------------------------------------------------

@dataclass
class Servers:
    kind: str
    bare: object  # subprocess.Popen
    bare_port: int
    app: object
    app_port: int


def scenarios(fixture: Fixture, servers: Servers, question: int):
    """The floor, then (name, port, request source, check) of each platform scenario."""
    base = f"/de/umfrage/{fixture.questionnaire_id}"
    bare, app = servers.bare_port, servers.app_port
    positions = [question] if question else fixture.page_positions
    threads = 64  # rotations are longer than any client count in use

    def rotation(requests: list[bytes]) -> Rotation:
        return Rotation(requests, threads)

    def hello_ok(status, _headers, body):
        return status == 200 and body == HELLO_BODY

    def html_with(marker: bytes):
        def check(status, _headers, body):
            return status == 200 and marker in body
        return check

    def submit_ok(status, headers, _body):
        return status == 302 and headers.get("location", "").endswith(f"{base}/danke")

    submits = [http_request("POST", f"{base}/pruefen", app, cookie, f"csrf_token={token}")
               for cookie, token in fixture.submit_cookies]
    event = f"/de/veranstaltung/{fixture.event_id}"

    def signup_ok(status, headers, _body):
        return status == 302 and headers.get("location", "").endswith(f"{event}/angemeldet")

    signups = [http_request("POST", f"{event}/anmelden", app, cookie, body)
               for cookie, body in fixture.signup_forms]
    floor = ("floor", bare, rotation([http_request("GET", "/", bare)]), hello_ok)
    return floor, [
        ("in-app hello", app, rotation([http_request("GET", HELLO_PATH, app)]), hello_ok),
        ("start", app, rotation([http_request("GET", "/de/", app)]),
         html_with(f"/gemeinde/{MUNICIPALITY}".encode())),
        ("municipality", app, rotation([http_request("GET", f"/de/gemeinde/{MUNICIPALITY}",
                                                     app)]),
         html_with(f'href="{base}"'.encode())),
        ("quartier", app, rotation([http_request("GET", f"{base}/quartier", app)]),
         html_with(b'name="csrf_token"')),
        ("question", app, rotation([http_request("GET", f"{base}/frage/{position}", app, cookie)
                                    for cookie in fixture.page_cookies
                                    for position in positions]),
         html_with(b'class="progress"')),
        ("matrix", app, rotation([http_request(
            "GET", f"/de/umfrage/{fixture.matrix_questionnaire_id}/frage/2", app, cookie)
            for cookie in fixture.page_cookies]), html_with(b'name="q')),
        ("submit", app, SharedPool(submits), submit_ok),
        ("event", app, rotation([http_request("GET", event, app)]),
         html_with(f'href="{event}/anmelden"'.encode())),
        ("signup", app, SharedPool(signups), signup_ok),
    ]


def measure(load: Load, rounds: int, servers: Servers, fixture: Fixture,
            question: int) -> tuple[dict[str, Result], dict[str, list[float]]]:
    """Each round runs every scenario right after a window of the floor, so that the
    machine's changing speed (seen here: 10-30 % within minutes) falls on both sides of
    each ratio. Returns the windows added up, and each scenario's ratio per round."""
    floor, planned = scenarios(fixture, servers, question)
    # One sanity request each, so a broken page fails loudly instead of counting as errors.
    for name, port, source, check in [floor, *planned]:
        connection = HttpConnection(port)
        status, headers, body = connection.request(source.next(0))
        connection.close()
        if not check(status, headers, body):
            raise SystemExit(f"{name}: unexpected answer HTTP {status}: {body[:300]!r}")
    pids = {servers.bare_port: server_processes(servers.bare, servers.kind),
            servers.app_port: server_processes(servers.app, servers.kind)}
    totals = {name: Result(name, server_cpu=0.0) for name, *_rest in [floor, *planned]}
    ratios: dict[str, list[float]] = {name: [] for name, *_rest in planned}
    for number in range(1, rounds + 1):
        print(f"round {number} of {rounds} ...", file=sys.stderr, flush=True)
        for name, port, source, check in planned:
            floor_window = run_scenario("floor", floor[2], floor[3], floor[1], load,
                                        pids[floor[1]])
            window = run_scenario(name, source, check, port, load, pids[port])
            totals["floor"].add(floor_window)
            totals[name].add(window)
            if floor_window.rate:
                ratios[name].append(window.rate / floor_window.rate)
    return totals, ratios


# --- report ---------------------------------------------------------------------------------

def print_table(totals: dict[str, Result], ratios: dict[str, list[float]]) -> None:
    print(f"{'scenario':<13} {'requests':>9} {'seconds':>8} {'req/s':>9} {'p50 ms':>7} "
          f"{'p99 ms':>7} {'errors':>7} {'srv CPU ms/req':>15} {'ratio':>6} {'range':>11}")
    for name, result in totals.items():
        cpu = result.server_cpu_ms
        found = sorted(ratios.get(name, []))
        ratio = f"{statistics.median(found):.2f}" if found else ""
        spread = f"{found[0]:.2f}-{found[-1]:.2f}" if found else ""
        print(f"{name:<13} {result.requests:>9} {result.seconds:>8.2f} "
              f"{result.rate:>9.1f} {result.percentile(0.5):>7.1f} "
              f"{result.percentile(0.99):>7.1f} {result.errors:>7} "
              f"{'n/a' if cpu is None else f'{cpu:.2f}':>15} {ratio:>6} {spread:>11}")
    for result in totals.values():
        if result.error_kinds:
            kinds = ", ".join(f"{kind} x{n}" for kind, n in result.error_kinds.most_common(3))
            print(f"  {result.name} errors: {kinds}")
        if result.note:
            print(f"  {result.name}: {result.note}")


def report_goals(totals: dict[str, Result], ratios: dict[str, list[float]]) -> None:
    goals = ([(name, PAGE_GOAL) for name in RESIDENT_PAGES]
             + [(name, SUBMIT_GOAL) for name in POSTS])
    floor_cpu = totals["floor"].server_cpu_ms
    for name, goal in goals:
        ratio = statistics.median(ratios[name]) if ratios[name] else 0.0
        cpu = totals[name].server_cpu_ms
        cross = f"; by server CPU {floor_cpu / cpu:.2f}" if floor_cpu and cpu else ""
        print(f"{name + ':':<14}{ratio:.2f} of the floor, median of {len(ratios[name])} "
              f"rounds (goal >= {goal:.2f}){cross}")
        if ratio < goal:
            print(f"WARN: {name} misses its goal ({ratio:.2f} < {goal:.2f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds; each runs every scenario once, after a floor window")
    parser.add_argument("--seconds", type=float, default=2.0,
                        help="counted seconds per window")
    parser.add_argument("--warmup", type=float, default=0.5, help="uncounted seconds before")
    parser.add_argument("--threads", type=int, default=8, help="client threads (connections)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--server", choices=("gunicorn", "werkzeug"), default=None,
                        help="default: gunicorn if installed, else werkzeug (threaded)")
    parser.add_argument("--drafts", type=int, default=9000,
                        help="complete drafts for the submit scenario, and filled-in forms "
                             "for the sign-up scenario (one per request)")
    parser.add_argument("--question", type=int, default=0,
                        help="only this question position (default: cycle through all)")
    parser.add_argument("--database-url", default=None,
                        help="PostgreSQL server to use (a database participation_bench is "
                             "created and dropped there); default: temporary SQLite file")
    args = parser.parse_args(argv)
    kind = args.server or ("gunicorn" if importlib.util.find_spec("gunicorn") else "werkzeug")
    if kind == "gunicorn" and importlib.util.find_spec("gunicorn") is None:
        raise SystemExit("gunicorn is not installed in this virtualenv (pip install gunicorn)")
    load = Load(args.threads, args.warmup, args.seconds)

    with tempfile.TemporaryDirectory(prefix="bench_pages-") as tmp_name:
        tmp = Path(tmp_name)
        url, where, cleanup = prepare_database(args.database_url, tmp)
        running = []
        app = None
        try:
            config = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32),
                      "MAIL_OUTBOX_DIR": str(tmp / "outbox")}
            app = build_app(config)
            fixture = seed(app, page_drafts=max(8, args.threads), submit_drafts=args.drafts,
                           signups=args.drafts)
            env = {**os.environ, CONFIG_ENV: json.dumps(config),
                   "SECRET_KEY": config["SECRET_KEY"], "PYTHONPATH": str(ROOT)}
            bare, bare_port = start_server(kind, args.workers, "tests.benchmarks.bare_app:app",
                                           env, tmp / "bare.log", "/")
            running.append(bare)
            served, app_port = start_server(kind, args.workers,
                                            "tests.benchmarks.bench_pages:server_app()", env,
                                            tmp / "app.log", HELLO_PATH)
            running.append(served)
            servers = Servers(kind, bare, bare_port, served, app_port)
            totals, ratios = measure(load, args.rounds, servers, fixture, args.question)
            for server in running:
                stop_server(server)
            running.clear()
            print_header(args, kind, where, fixture)
            print_table(totals, ratios)
            print()
            report_goals(totals, ratios)
            # + 1: the sanity request before the timed runs
            submitted = 1 + totals["submit"].total_ok
            stored = stored_responses(app)
            check = "ok" if stored == submitted else "WARN: mismatch"
            print(f"stored responses: {stored}, successful submit requests: {submitted} "
                  f"({check})")
            signed_up = 1 + totals["signup"].total_ok
            stored = stored_signups(app, fixture.event_id)
            check = "ok" if stored == signed_up else "WARN: mismatch"
            print(f"stored sign-ups: {stored}, successful sign-up requests: {signed_up} "
                  f"({check})")
            client_cpu = sum(r.client_cpu for r in totals.values())
            window = sum(r.seconds for r in totals.values())
            if window:
                print(f"load generator used {client_cpu / window:.2f} CPU cores on average "
                      f"(of {os.cpu_count()}), shared with the servers")
        finally:
            for server in running:
                stop_server(server)
            if app is not None:
                app.extensions["db"].engine.dispose()
            cleanup()
    return 0


def print_header(args, kind: str, where: str, fixture: Fixture) -> None:
    version = ""
    if kind == "gunicorn":
        from importlib.metadata import version as package_version

        version = " " + package_version("gunicorn")
    server_text = (f"gunicorn{version}, {args.workers} sync workers each "
                   "(they close the connection after each response)"
                   if kind == "gunicorn" else "werkzeug threaded server (HTTP/1.1 keep-alive)")
    pages = (f"question {args.question}" if args.question
             else f"the {len(fixture.page_positions)} pages of the starter template in turn")
    print()
    print(f"servers:  {server_text}: the bare app and the platform, same settings")
    print(f"client:   {args.threads} threads, one connection each, kept alive when "
          "the server allows it")
    print(f"database: {where}")
    print("platform: participation.create_app as in production (CSRF checks on)")
    print(f"question: {pages}, resident session with a complete draft; submit: a fresh "
          f"complete draft per request ({args.drafts} prepared)")
    print(f"timing:   {args.rounds} rounds; in each, every scenario right after a window of "
          f"the floor, each window {args.warmup:g} s warm-up + {args.seconds:g} s counted; "
          f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print()


if __name__ == "__main__":
    sys.exit(main())
