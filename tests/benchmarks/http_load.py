"""A small load generator for the page benchmark: an HTTP/1.1 client, timed scenarios from
client threads, the server processes' CPU time, and gunicorn/werkzeug servers to measure.

The client is a minimal socket client, because http.client's header parsing would take
more of the 2 shared cores than the floor itself.
"""

import importlib
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULE = "tests.benchmarks.http_load"


@dataclass(frozen=True)
class Load:
    threads: int  # client threads, one connection each
    warmup: float  # uncounted seconds before each scenario
    seconds: float  # counted seconds


# --- a minimal HTTP/1.1 client --------------------------------------------------------------

class ProtocolError(Exception):
    pass


class ConnectionClosed(ProtocolError):
    pass


def http_request(method: str, path: str, port: int, cookie: str | None = None,
                 body: str = "") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "User-Agent: bench_pages"]
    if cookie:
        lines.append(f"Cookie: session={cookie}")
    if method == "POST":
        lines += ["Content-Type: application/x-www-form-urlencoded",
                  f"Content-Length: {len(body.encode())}"]
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode("latin-1")


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

    def add(self, other: "Result") -> None:
        """Count another window of the same scenario into this one."""
        self.requests += other.requests
        self.errors += other.errors
        self.seconds += other.seconds
        self.latencies.extend(other.latencies)
        self.error_kinds.update(other.error_kinds)
        self.server_cpu = (None if self.server_cpu is None or other.server_cpu is None
                           else self.server_cpu + other.server_cpu)
        self.client_cpu += other.client_cpu
        self.total_ok += other.total_ok
        self.note = self.note or other.note


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


def run_scenario(name: str, source, check: Check, port: int, load: Load,
                 pids: list[int]) -> Result:
    result = Result(name)
    lock = threading.Lock()
    started = time.perf_counter()
    measure_from = started + load.warmup
    until = measure_from + load.seconds
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
               for i in range(load.threads)]
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
        result.note = (f"draft pool used up after {result.seconds:.2f} s of {load.seconds} s: "
                       "raise --drafts")
    return result


# --- the servers ----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(kind: str, workers: int, target: str, env: dict, log_path: Path,
                 probe_path: str) -> tuple[subprocess.Popen, int]:
    """Serve the WSGI app `target` ("module:app" or "module:factory()"); (server, port).

    gunicorn with sync workers as in production, or werkzeug's threaded server."""
    port = free_port()
    if kind == "gunicorn":
        command = [sys.executable, "-m", "gunicorn", "--workers", str(workers),
                   "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--backlog", "2048",
                   "--timeout", "120", "--log-level", "warning", "--chdir", str(ROOT), target]
    else:
        command = [sys.executable, "-m", MODULE, target, str(port)]
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    probe = http_request("GET", probe_path, port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            status, _headers, _body = HttpConnection(port).request(probe)
            if status == 200:
                return server, port
        except (OSError, ProtocolError):
            pass
        time.sleep(0.2)
    stop_server(server)
    sys.stderr.write(log_path.read_text(errors="replace")[-4000:])
    raise SystemExit(f"the {kind} server for {target} did not start")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()  # gunicorn: graceful shutdown of its workers
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _load_target(target: str):
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    if attribute.endswith("()"):
        return getattr(module, attribute[:-2])()
    return getattr(module, attribute)


def serve_werkzeug(target: str, port: int) -> None:
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    make_server("127.0.0.1", port, _load_target(target), threaded=True).serve_forever()


if __name__ == "__main__":
    serve_werkzeug(sys.argv[1], int(sys.argv[2]))
