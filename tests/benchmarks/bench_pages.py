"""Benchmark: a question page and the final submit, as ratios of a bare "hello" floor.

QUALITY.md §6 asks that a survey question page is served at >= 40 % and the final
submission (validate + store) at >= 20 % of the requests per second of a bare Flask "hello"
route under the same server, measured in the same run on the same machine. This is a
measurement, not a test (pytest does not collect it): it exits 0 whether or not a goal is
met and prints WARN for a missed goal. It exits non-zero only when it cannot measure
(server does not start, a sanity request fails).

Usage, from the repository root:

    /path/to/.venv/bin/python -m tests.benchmarks.bench_pages [--seconds 5] [--threads 8]
        [--warmup 1] [--server gunicorn|werkzeug] [--workers 2] [--drafts 6000]
        [--question N] [--database-url postgresql://postgres@127.0.0.1:5432/test]

The default server is gunicorn with sync workers, as in production (`pip install gunicorn`
into the virtualenv: it is not a project dependency). Without gunicorn it falls back to
werkzeug's threaded server and says so in the output.

What it does:

1. Migrates (Alembic) and seeds (`participation.demo.seed_demo`) a fresh database: a SQLite
   file in a temporary folder, or with `--database-url postgresql://...` a separate database
   `participation_bench` on that server, created for the run and dropped afterwards (the
   database named in the URL is only used to connect; the test suite's data is not touched).
2. Builds the app with `participation.create_app` and adds `/bench/hello` to the same app
   object, so the floor passes the same middleware and after_request hooks. CSRF checks are
   off (WTF_CSRF_ENABLED False), so that no request needs a token round trip.
3. Creates resident drafts directly with the survey services (`start_draft`,
   `save_quartier`, `save_answer`; the submit pool is bulk-inserted as copies of such a
   draft) and signs their session cookies with the app's own session serializer, shaped
   like a browser's after its first page (draft token and raw CSRF token).
4. Serves the app from a subprocess and loads it from N client threads over HTTP/1.1
   connections that are kept alive when the server allows it (gunicorn's sync workers close
   every connection; the client then reconnects). The client is a minimal socket client,
   because http.client's header parsing would take more of the 2 shared cores than the
   floor itself. Each scenario runs `--warmup` seconds uncounted, then `--seconds` counted:
     floor     GET /bench/hello                                  200 "Hello, World!"
     question  GET /de/umfrage/<id>/frage/<n>, n = 1..11 cycling   200 with the answer field
               (or only `--question N`), each with a complete draft
     submit    POST /de/umfrage/<id>/pruefen, every request with    302 to .../danke
               a fresh complete draft, so each stores one response
     floor     again at the end to show drift; the floor is the mean of both runs.
   Only that expected answer counts as a request; anything else, and connection errors,
   count as errors.
5. Prints a table (requests, seconds, req/s, latency p50/p99, errors, CPU ms per request of
   the app's server processes, ratio to the floor) and one line per goal. The server CPU
   per request (from /proc; app processes only, not PostgreSQL) is a cross-check that does
   not depend on the load generator, which shares the machine's cores with the server.
"""

import argparse
import importlib.util
import json
import logging
import os
import platform
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULE = "tests.benchmarks.bench_pages"
CONFIG_ENV = "BENCH_PAGES_CONFIG"
BENCH_DATABASE = "participation_bench"
HELLO_PATH = "/bench/hello"
HELLO_BODY = b"Hello, World!"
MUNICIPALITY = "aichtal"
QUESTIONNAIRE_SLUG = "gut-aelter-werden"
GOALS = (("question", "question page", 0.40), ("submit", "final submit", 0.20))


# --- the app under test (built in this process and in the server subprocess) ---------------

def build_app(config: dict):
    """The platform's app with a bare hello route added to the same app object."""
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
        "WTF_CSRF_ENABLED": False,
        # Only organiser password hashing (seeding) uses it; no measured request does.
        "ARGON2_PROFILE": "fast-for-tests",
    })

    @app.get(HELLO_PATH)
    def bench_hello():
        return HELLO_BODY.decode()

    return app


def server_app():
    """WSGI entry of the server subprocess: gunicorn 'tests.benchmarks.bench_pages:server_app()'."""
    return build_app(json.loads(os.environ[CONFIG_ENV]))


def serve_werkzeug(port: int) -> None:
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    make_server("127.0.0.1", port, server_app(), threaded=True).serve_forever()


# --- database and resident drafts -----------------------------------------------------------

def prepare_database(database_url: str | None, tmp: Path) -> tuple[str, str, Callable[[], None]]:
    """(URL to benchmark, description, cleanup)."""
    if database_url is None:
        path = tmp / "bench.sqlite3"
        return f"sqlite:///{path}", f"SQLite file (WAL) {path}", lambda: None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from participation.db import normalise_url

    admin_url = make_url(normalise_url(database_url))
    if admin_url.get_backend_name() != "postgresql":
        raise SystemExit("--database-url must be a PostgreSQL URL (the default is a temporary "
                         "SQLite file)")
    if admin_url.database == BENCH_DATABASE:
        admin_url = admin_url.set(database="postgres")
    bench_url = admin_url.set(database=BENCH_DATABASE)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))

    drop()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{BENCH_DATABASE}"'))

    def cleanup() -> None:
        drop()
        admin.dispose()

    where = bench_url.render_as_string(hide_password=True)
    return (bench_url.render_as_string(hide_password=False),
            f"PostgreSQL {where} (created for this run, dropped after)", cleanup)


@dataclass
class Fixture:
    questionnaire_id: int
    questions: int
    page_cookies: list[str]
    submit_cookies: list[str]


def seed(app, page_drafts: int, submit_drafts: int) -> Fixture:
    """Demo data, then complete drafts: a few to view pages with, one per submit request."""
    from alembic import command
    from sqlalchemy import insert, select

    from participation import db
    from participation.answering import services
    from participation.cli import alembic_config
    from participation.demo import seed_demo
    from participation.places.models import Municipality, Quartier
    from participation.surveys import queries
    from participation.surveys.content import questionnaire_view
    from participation.surveys.models import CHANNEL_ONLINE, Draft, Questionnaire
    from tests.factories import parsed_answers

    command.upgrade(alembic_config(app.config["DATABASE_URL"]), "head")
    serializer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        session = db.session()
        seed_demo(session)
        db.commit()
        municipality = session.scalar(select(Municipality).where(
            Municipality.slug == MUNICIPALITY))
        questionnaire_id = session.scalar(select(Questionnaire.id).where(
            Questionnaire.municipality_id == municipality.id,
            Questionnaire.slug == QUESTIONNAIRE_SLUG))
        view = questionnaire_view(
            session.scalar(queries.questionnaire_with_content(questionnaire_id)), "de")
        quartier_id = session.scalar(select(Quartier.id).where(
            Quartier.municipality_id == municipality.id).order_by(Quartier.position))

        # The form values of a complete journey, parsed as the question pages parse them.
        answers = parsed_answers(view)

        def new_draft() -> str:
            token = services.new_token()
            draft = services.start_draft(session, token, questionnaire_id, "de", CHANNEL_ONLINE)
            services.save_quartier(session, draft, quartier_id)
            for key, value in answers.items():
                services.save_answer(session, draft, key, value, "de")
            return token

        page_tokens = [new_draft() for _ in range(page_drafts)]
        template = services.load_draft(session, page_tokens[0])
        if services.missing_required(view, template):
            raise SystemExit("the demo answers leave required questions unanswered")
        submit_tokens = [services.new_token() for _ in range(submit_drafts)]
        rows = [{"token_hash": services.hash_token(token), "questionnaire_id": questionnaire_id,
                 "quartier_id": template.quartier_id, "locale": template.locale,
                 "channel": template.channel, "answers": template.answers,
                 "updated_at": template.updated_at} for token in submit_tokens]
        for start in range(0, len(rows), 1000):
            session.execute(insert(Draft), rows[start:start + 1000])
        db.commit()

    def cookie(token: str) -> str:
        # Shaped like a real resident's cookie after the first page: with the raw CSRF
        # token, so that showing a page does not change (and re-sign) the session.
        return serializer.dumps({"drafts": {str(questionnaire_id): token},
                                 "csrf_token": secrets.token_hex(20)})

    return Fixture(questionnaire_id, len(view.questions),
                   [cookie(token) for token in page_tokens],
                   [cookie(token) for token in submit_tokens])


def stored_responses(app) -> int:
    from sqlalchemy import func, select

    from participation import db
    from participation.surveys.models import Response

    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Response))


# --- a minimal HTTP/1.1 client --------------------------------------------------------------

class ProtocolError(Exception):
    pass


class ConnectionClosed(ProtocolError):
    pass


def http_request(method: str, path: str, port: int, cookie: str | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "User-Agent: bench_pages"]
    if cookie:
        lines.append(f"Cookie: session={cookie}")
    if method == "POST":
        lines += ["Content-Type: application/x-www-form-urlencoded", "Content-Length: 0"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class HttpConnection:
    """One connection, kept alive when the server allows it, reopened when it does not."""

    def __init__(self, port: int):
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = b""
        self.received = False

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        self.buffer = b""

    def _connect(self) -> None:
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def request(self, data: bytes) -> tuple[int, dict[str, str], bytes]:
        reused = self.sock is not None
        if not reused:
            self._connect()
        self.received = False
        try:
            self.sock.sendall(data)
            return self._read()
        except (ConnectionError, ConnectionClosed):
            self.close()
            if not reused or self.received:
                raise
        # The server closed the idle kept-alive connection before reading the request.
        self._connect()
        self.sock.sendall(data)
        return self._read()

    def _recv(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionClosed("connection closed by the server")
        self.received = True
        self.buffer += chunk

    def _read(self) -> tuple[int, dict[str, str], bytes]:
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            self._recv()
        lines = self.buffer[:end].decode("latin-1").split("\r\n")
        self.buffer = self.buffer[end + 4:]
        version, status = lines[0].split(" ", 2)[:2]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "chunked" in headers.get("transfer-encoding", "").lower():
            raise ProtocolError("chunked responses are not supported")
        length = headers.get("content-length")
        keep_alive = (headers.get("connection", "").lower() != "close"
                      and (version != "HTTP/1.0"
                           or headers.get("connection", "").lower() == "keep-alive"))
        if length is None:
            try:
                while True:
                    self._recv()
            except ConnectionClosed:
                pass
            body, keep_alive = self.buffer, False
        else:
            size = int(length)
            while len(self.buffer) < size:
                self._recv()
            body, self.buffer = self.buffer[:size], self.buffer[size:]
        if not keep_alive:
            self.close()
        return int(status), headers, body


# --- load generation ------------------------------------------------------------------------

Check = Callable[[int, dict[str, str], bytes], bool]


@dataclass
class Result:
    name: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    error_kinds: Counter = field(default_factory=Counter)
    server_cpu: float | None = None  # CPU seconds of the server processes in the window
    client_cpu: float = 0.0  # CPU seconds of this process in the window
    total_ok: int = 0  # including warm-up
    note: str = ""

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    @property
    def server_cpu_ms(self) -> float | None:
        if self.server_cpu is None or not self.requests:
            return None
        return self.server_cpu / self.requests * 1000


class SharedPool:
    """Requests each used once, shared by all threads (a fresh draft per submit)."""

    def __init__(self, requests: list[bytes]):
        self._iterator = iter(requests)
        self._lock = threading.Lock()

    def next(self, _thread: int) -> bytes | None:
        with self._lock:
            return next(self._iterator, None)


class Rotation:
    """Requests repeated in turn; each thread starts at another place."""

    def __init__(self, requests: list[bytes], threads: int):
        self._cycles = [cycle(requests[i % len(requests):] + requests[:i % len(requests)])
                        for i in range(threads)]

    def next(self, thread: int) -> bytes | None:
        return next(self._cycles[thread])


def server_processes(server: subprocess.Popen, kind: str) -> list[int]:
    if kind != "gunicorn":
        return [server.pid]
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server.pid:
                children.append(int(entry))
    return children


def cpu_seconds(pids: list[int]) -> float | None:
    if not Path("/proc/self/stat").exists():
        return None
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def run_scenario(name: str, source, check: Check, port: int, args, pids: list[int]) -> Result:
    result = Result(name)
    lock = threading.Lock()
    started = time.perf_counter()
    measure_from = started + args.warmup
    until = measure_from + args.seconds
    exhausted_at = [until]

    def client(index: int) -> None:
        connection = HttpConnection(port)
        latencies, errors, ok, total_ok = [], Counter(), 0, 0
        while True:
            data = source.next(index)
            begin = time.perf_counter()
            if data is None:
                with lock:
                    exhausted_at[0] = min(exhausted_at[0], begin)
                break
            if begin >= until:
                break
            try:
                status, headers, body = connection.request(data)
                problem = None if check(status, headers, body) else f"HTTP {status}"
            except (OSError, ProtocolError, ValueError) as error:
                connection.close()
                problem = type(error).__name__
            done = time.perf_counter()
            total_ok += problem is None
            if measure_from <= done < until:
                if problem is None:
                    ok += 1
                    latencies.append(done - begin)
                else:
                    errors[problem] += 1
        connection.close()
        with lock:
            result.requests += ok
            result.total_ok += total_ok
            result.errors += sum(errors.values())
            result.error_kinds.update(errors)
            result.latencies.extend(latencies)

    threads = [threading.Thread(target=client, args=(i,), daemon=True)
               for i in range(args.threads)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, measure_from - time.perf_counter()))
    server_before, client_before = cpu_seconds(pids), time.process_time()
    time.sleep(max(0.0, until - time.perf_counter()))
    server_after, client_after = cpu_seconds(pids), time.process_time()
    for thread in threads:
        thread.join()
    end = min(until, exhausted_at[0])
    result.seconds = max(0.0, end - measure_from)
    if server_before is not None and server_after is not None:
        result.server_cpu = server_after - server_before
    result.client_cpu = client_after - client_before
    if exhausted_at[0] < until:
        result.note = (f"draft pool used up after {result.seconds:.2f} s of {args.seconds} s: "
                       "raise --drafts")
    return result


# --- the server subprocess ------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(kind: str, workers: int, port: int, env: dict, log_path: Path):
    if kind == "gunicorn":
        command = [sys.executable, "-m", "gunicorn", "--workers", str(workers),
                   "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--backlog", "2048",
                   "--timeout", "120", "--log-level", "warning", "--chdir", str(ROOT),
                   f"{MODULE}:server_app()"]
    else:
        command = [sys.executable, "-m", MODULE, "--serve-werkzeug", str(port)]
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    hello = http_request("GET", HELLO_PATH, port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            status, _headers, _body = HttpConnection(port).request(hello)
            if status == 200:
                return server
        except (OSError, ProtocolError):
            pass
        time.sleep(0.2)
    stop_server(server)
    sys.stderr.write(log_path.read_text(errors="replace")[-4000:])
    raise SystemExit(f"the {kind} server did not start")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()  # gunicorn: graceful shutdown of its workers
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- report ---------------------------------------------------------------------------------

def print_table(results: list[Result], floor: float) -> None:
    print(f"{'scenario':<10} {'requests':>9} {'seconds':>8} {'req/s':>9} {'p50 ms':>7} "
          f"{'p99 ms':>7} {'errors':>7} {'srv CPU ms/req':>15} {'ratio':>6}")
    for result in results:
        cpu = result.server_cpu_ms
        print(f"{result.name:<10} {result.requests:>9} {result.seconds:>8.2f} "
              f"{result.rate:>9.1f} {result.percentile(0.5):>7.1f} "
              f"{result.percentile(0.99):>7.1f} {result.errors:>7} "
              f"{'n/a' if cpu is None else f'{cpu:.2f}':>15} "
              f"{result.rate / floor if floor else float('nan'):>6.2f}")
    for result in results:
        if result.error_kinds:
            kinds = ", ".join(f"{kind} x{n}" for kind, n in result.error_kinds.most_common(3))
            print(f"  {result.name} errors: {kinds}")
        if result.note:
            print(f"  {result.name}: {result.note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="counted seconds per scenario")
    parser.add_argument("--warmup", type=float, default=1.0, help="uncounted seconds before")
    parser.add_argument("--threads", type=int, default=8, help="client threads (connections)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--server", choices=("gunicorn", "werkzeug"), default=None,
                        help="default: gunicorn if installed, else werkzeug (threaded)")
    parser.add_argument("--drafts", type=int, default=6000,
                        help="complete drafts for the submit scenario (one per request)")
    parser.add_argument("--question", type=int, default=0,
                        help="only this question position (default: cycle through all)")
    parser.add_argument("--database-url", default=None,
                        help="PostgreSQL server to use (a database participation_bench is "
                             "created and dropped there); default: temporary SQLite file")
    parser.add_argument("--serve-werkzeug", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_werkzeug is not None:
        serve_werkzeug(args.serve_werkzeug)
        return 0

    kind = args.server or ("gunicorn" if importlib.util.find_spec("gunicorn") else "werkzeug")
    if kind == "gunicorn" and importlib.util.find_spec("gunicorn") is None:
        raise SystemExit("gunicorn is not installed in this virtualenv (pip install gunicorn)")

    with tempfile.TemporaryDirectory(prefix="bench_pages-") as tmp_name:
        tmp = Path(tmp_name)
        url, where, cleanup = prepare_database(args.database_url, tmp)
        server = None
        app = None
        try:
            config = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32),
                      "MAIL_OUTBOX_DIR": str(tmp / "outbox")}
            app = build_app(config)
            fixture = seed(app, page_drafts=max(8, args.threads), submit_drafts=args.drafts)
            port = free_port()
            env = {**os.environ, CONFIG_ENV: json.dumps(config),
                   "SECRET_KEY": config["SECRET_KEY"], "PYTHONPATH": str(ROOT)}
            server = start_server(kind, args.workers, port, env, tmp / "server.log")
            results = measure(args, kind, port, fixture, server)
            floor_runs = [r for r in results if r.name == "floor" and r.rate > 0]
            floor = sum(r.rate for r in floor_runs) / len(floor_runs) if floor_runs else 0.0
            version = ""
            if kind == "gunicorn":
                from importlib.metadata import version as package_version

                version = " " + package_version("gunicorn")
            server_text = (f"gunicorn{version}, {args.workers} sync workers "
                           "(they close the connection after each response)"
                           if kind == "gunicorn"
                           else "werkzeug threaded server (HTTP/1.1 keep-alive)")
            stop_server(server)
            server = None
            stored = stored_responses(app)
            print()
            print(f"server:   {server_text}")
            print(f"client:   {args.threads} threads, one connection each, kept alive when "
                  "the server allows it")
            print(f"database: {where}")
            print("app:      participation.create_app + /bench/hello on the same app object; "
                  "CSRF checks OFF (WTF_CSRF_ENABLED=False)")
            pages = (f"question {args.question}" if args.question
                     else f"questions 1-{fixture.questions} in turn")
            print(f"question: GET /de/umfrage/{fixture.questionnaire_id}/frage/<n>, {pages}, "
                  "resident session with a complete draft")
            print(f"submit:   POST /de/umfrage/{fixture.questionnaire_id}/pruefen, a fresh "
                  f"complete draft per request ({args.drafts} prepared)")
            print(f"timing:   {args.warmup:g} s warm-up + {args.seconds:g} s counted per "
                  f"scenario; machine: {os.cpu_count()} CPUs, Python "
                  f"{platform.python_version()}")
            print()
            print_table(results, floor)
            print()
            report_goals(results, floor)
            # + 1: the sanity request before the timed runs
            submitted = 1 + sum(r.total_ok for r in results if r.name == "submit")
            check = "ok" if stored == submitted else "WARN: mismatch"
            print(f"stored responses: {stored}, successful submit requests: {submitted} "
                  f"({check})")
            client_cpu = sum(r.client_cpu for r in results)
            window = sum(r.seconds for r in results)
            if window:
                print(f"load generator used {client_cpu / window:.2f} CPU cores on average "
                      f"(of {os.cpu_count()}), shared with the server")
        finally:
            if server is not None:
                stop_server(server)
            if app is not None:
                app.extensions["db"].engine.dispose()
            cleanup()
    return 0


def measure(args, kind: str, port: int, fixture: Fixture, server) -> list[Result]:
    base = f"/de/umfrage/{fixture.questionnaire_id}"
    positions = [args.question] if args.question else list(range(1, fixture.questions + 1))
    hello = Rotation([http_request("GET", HELLO_PATH, port)], args.threads)
    pages = Rotation([http_request("GET", f"{base}/frage/{position}", port, cookie)
                      for cookie in fixture.page_cookies for position in positions],
                     args.threads)
    submit_probe, *submits = [http_request("POST", f"{base}/pruefen", port, cookie)
                              for cookie in fixture.submit_cookies]

    def hello_ok(status, _headers, body):
        return status == 200 and body == HELLO_BODY

    def page_ok(status, _headers, body):
        return status == 200 and b'name="answer"' in body

    def submit_ok(status, headers, _body):
        return status == 302 and headers.get("location", "").endswith(f"{base}/danke")

    # One sanity request each, so a broken page fails loudly instead of counting as errors.
    probe = HttpConnection(port)
    for label, data, check in (("floor", hello.next(0), hello_ok),
                               ("question", pages.next(0), page_ok),
                               ("submit", submit_probe, submit_ok)):
        status, headers, body = probe.request(data)
        if not check(status, headers, body):
            raise SystemExit(f"{label}: unexpected answer HTTP {status}: {body[:300]!r}")
    probe.close()

    pids = server_processes(server, kind)
    results = []
    for name, source, check in (("floor", hello, hello_ok), ("question", pages, page_ok),
                                ("submit", SharedPool(submits), submit_ok),
                                ("floor", hello, hello_ok)):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results.append(run_scenario(name, source, check, port, args, pids))
    return results


def report_goals(results: list[Result], floor: float) -> None:
    for name, label, goal in GOALS:
        result = next(r for r in results if r.name == name)
        ratio = result.rate / floor if floor else 0.0
        print(f"{label + ':':<15}{ratio:.2f} of floor (goal >= {goal:.2f})")
        if ratio < goal:
            print(f"WARN: {label} misses its goal ({ratio:.2f} < {goal:.2f})")
    floor_cpu = [r.server_cpu_ms for r in results if r.name == "floor" and r.server_cpu_ms]
    if floor_cpu:
        mean_cpu = sum(floor_cpu) / len(floor_cpu)
        parts = [f"{name} {mean_cpu / r.server_cpu_ms:.2f}" for name, _label, _goal in GOALS
                 for r in results if r.name == name and r.server_cpu_ms]
        print(f"cross-check by server CPU per request (floor CPU / scenario CPU): "
              f"{', '.join(parts)}")


if __name__ == "__main__":
    sys.exit(main())
