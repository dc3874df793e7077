"""Load benchmark: `make bench` (not run by pytest).

Builds a database of realistic size (tests/bench/data.py) on SQLite and, when it is
reachable, PostgreSQL; serves the portal with gunicorn and the project's
gunicorn.conf.py as shipped (only 2 workers and the address set here) on 127.0.0.1;
signs in a volunteer and a lead (with their authenticator code); loads each page with
wrk (or a bounded Python client) for a fixed time, 3 times interleaved; reports
requests per second, p50 and p99, and ratios to two baselines measured on the same
server: a fixed string (H) and one 12-row query in a table (F). Then the same server
with the worker-recycling settings it was chosen against.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import datetime
from http.cookiejar import CookieJar
from pathlib import Path

import pyotp

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "tests" / "bench" / "results"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench"
WORKERS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(kind: str, folder: Path) -> str | None:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}"
    try:
        import psycopg  # noqa: PLC0415 - only when PostgreSQL is asked for

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3
        ) as connection:
            connection.execute("DROP DATABASE IF EXISTS portal_bench")
            connection.execute("CREATE DATABASE portal_bench")
    except Exception as error:
        print(f"PostgreSQL not reachable, skipped: {error}")
        return None
    return PG_BENCH


def server_env(url: str, folder: Path, port: int) -> dict[str, str]:
    return dict(
        os.environ,
        PORTAL_ENV="production",
        PORTAL_SECRET_KEY="bench-secret",
        PORTAL_SECURE_COOKIES="0",
        PORTAL_DATABASE_URL=url,
        PORTAL_INSTANCE_PATH=str(folder),
        PORTAL_RATELIMIT_ENABLED="0",
        PORTAL_QUEUE_URL="memory://",
        PORTAL_PUBLIC_CACHE_SECONDS="60",
        PORTAL_BASE_URL=f"http://127.0.0.1:{port}",
        FLASK_APP="wsgi",
    )


def build(url: str, folder: Path, port: int) -> dict:
    env = server_env(url, folder, port)
    subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    code = (
        "import json; from tests.bench import data; from portal import create_app;"
        "app = create_app();\nwith app.app_context(): print(json.dumps(data.build())); "
        "data.fix_sequences()"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    print(f"  data built in {time.perf_counter() - started:.0f} s")
    return json.loads(done.stdout.strip().splitlines()[0])


class Server:
    """The portal served by gunicorn with the project's gunicorn.conf.py, as shipped:
    only the worker count and the address are overridden (and `env` for the variants
    of the worker-recycling table)."""

    def __init__(self, url: str, folder: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "server.log", "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "tests.bench.app:app",
            ],
            cwd=ROOT,
            env=server_env(url, folder, self.port) | (env or {}),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=40)
        self.log.close()


def sign_in(base: str, email: str, password: str, totp_secret: str = "") -> tuple[str, str]:
    """A session cookie (password, then the authenticator code when the person has one),
    and a CSRF token that goes with it."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/en/account/login").read().decode()
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    second_step = opener.open(f"{base}/en/account/login", body.encode())
    if second_step.url.endswith("/login/second-factor"):
        page = second_step.read().decode()
        token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)
        code = pyotp.TOTP(totp_secret).now()
        body = urllib.parse.urlencode({"csrf_token": token, "code": code})
        opener.open(f"{base}/en/account/login/second-factor", body.encode())
    page = opener.open(f"{base}/en/roles/role-2/apply").read().decode()
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, token


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def probe(
    base: str, path: str, headers: dict[str, str], body: str | None = None
) -> tuple[int, str, str]:
    """One request as the load sends it (a POST is not followed to its redirect)."""
    send = dict(headers)
    if body is not None:
        send["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(
        base + path, data=body.encode() if body is not None else None, headers=send
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return (
                response.status,
                response.headers.get("X-SQL-Count", ""),
                response.headers.get("ETag", ""),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-SQL-Count", ""), ""


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(
    url: str, seconds: int, connections: int, headers: dict[str, str], body: str | None
) -> dict:
    script = None
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    if body is not None:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        script.write(
            f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        )
        script.close()
        args += ["-s", script.name]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for pct in ("50", "90", "99"):
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)\b", output).groups()
        latency[pct] = float(value) * _UNITS[unit]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return {
        "rps": rps,
        "p50": latency["50"],
        "p90": latency["90"],
        "p99": latency["99"],
        "errors": int(bad.group(1)) if bad else 0,
        "socket": errors.group(0) if errors else "",
    }


def run_python(
    url: str, seconds: int, connections: int, headers: dict[str, str], body: str | None
) -> dict:
    """Fallback when wrk is not installed: bounded threads with keep-alive connections."""
    parts = urllib.parse.urlsplit(url)
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        send = dict(headers)
        if body is not None:
            send["Content-Type"] = "application/x-www-form-urlencoded"
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            connection.request("POST" if body is not None else "GET", path, body=body, headers=send)
            response = connection.getresponse()
            response.read()
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)
                errors += response.status >= 400

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2],
        "p90": latencies[int(len(latencies) * 0.9)],
        "p99": latencies[int(len(latencies) * 0.99)],
        "errors": errors,
        "socket": "",
    }


def cases(base: str, volunteer: dict, lead: dict, application_id: int) -> list[dict]:
    """What is measured; `target` is the issue's floor as a share of F."""
    _, _, home_etag = probe(base, "/en/", {})
    _, _, post_etag = probe(base, "/en/news/post-123/", {})
    body = urllib.parse.urlencode(
        {
            "csrf_token": volunteer["token"],
            "motivation": "I would like to help. " * 8,
            "languages-0-language": "fr",
            "languages-0-level": "C1",
            "save_draft": "Save",
        }
    )
    as_volunteer = {"Cookie": volunteer["cookie"]}
    as_lead = {"Cookie": lead["cookie"]}
    applicants = "/en/manage/delegation-1/applications/?status=in_review&languages=yes&sort=score"
    return [
        {"name": "baseline: fixed string (H)", "path": "/bench/fixed", "headers": {}},
        {"name": "baseline: 12-row query (F)", "path": "/bench/query", "headers": {}},
        {"name": "volunteer: home", "path": "/en/", "headers": as_volunteer, "target": 0.5},
        {
            "name": "volunteer: news list",
            "path": "/en/news/",
            "headers": as_volunteer,
            "target": 0.5,
        },
        {
            "name": "volunteer: news list page 400",
            "path": "/en/news/?page=400",
            "headers": as_volunteer,
            "target": 0.5,
        },
        {
            "name": "volunteer: news post",
            "path": "/en/news/post-123/",
            "headers": as_volunteer,
            "target": 0.5,
        },
        {
            "name": "volunteer: roles list",
            "path": "/en/roles/",
            "headers": as_volunteer,
            "target": 0.5,
        },
        {
            "name": "volunteer: role page",
            "path": "/en/roles/role-5/",
            "headers": as_volunteer,
            "target": 0.5,
        },
        {"name": "anonymous: home", "path": "/en/", "headers": {}},
        {"name": "anonymous: news post", "path": "/en/news/post-123/", "headers": {}},
        {"name": "anonymous: Atom feed", "path": "/en/news/feed.atom", "headers": {}},
        {
            "name": "anonymous: home, conditional (304)",
            "path": "/en/",
            "headers": {"If-None-Match": home_etag},
        },
        {
            "name": "anonymous: news post, conditional (304)",
            "path": "/en/news/post-123/",
            "headers": {"If-None-Match": post_etag},
        },
        {"name": "lead: workspace home", "path": "/en/manage/", "headers": as_lead, "target": 0.5},
        {
            "name": "lead: applicants filtered (100k)",
            "path": applicants,
            "headers": as_lead,
            "target": 0.3,
        },
        {
            "name": "lead: application page",
            "path": f"/en/manage/delegation-1/applications/{application_id}",
            "headers": as_lead,
            "target": 0.5,
        },
        {
            "name": "volunteer: apply POST (save draft)",
            "path": "/en/roles/role-2/apply",
            "headers": as_volunteer,
            "body": body,
            "target": 0.4,
        },
    ]


def tool() -> Callable[..., dict]:
    return run_wrk if shutil.which("wrk") else run_python


def measure(kind: str, seconds: int, repeats: int, connections: int) -> str | None:
    folder = Path(tempfile.mkdtemp(prefix=f"portal-bench-{kind}-"))
    url = prepare_database(kind, folder)
    if url is None:
        return None
    print(f"== {kind}: building the database")
    info = build(url, folder, 0)
    load = tool()
    server = Server(url, folder)
    try:
        cookie, token = sign_in(
            server.base, info["lead_email"], info["lead_password"], info["lead_totp_secret"]
        )
        lead = {"cookie": cookie, "token": token}
        cookie, token = sign_in(server.base, info["volunteer_email"], info["lead_password"])
        volunteer = {"cookie": cookie, "token": token}
        plan = cases(server.base, volunteer, lead, info["application_id"])
        for case in plan:  # warm up; SQL statements per request once warm (both workers)
            probes = [
                probe(server.base, case["path"], case["headers"], case.get("body"))
                for _ in range(4)
            ]
            case["status"] = probes[-1][0]
            case["sql"] = min(int(sql or 0) for _, sql, _ in probes)
            if case["status"] not in (200, 302, 304):
                raise RuntimeError(f"{case['name']}: HTTP {case['status']}")
            load(server.base + case["path"], 1, 4, case["headers"], case.get("body"))
        results: dict[str, list[dict]] = {c["name"]: [] for c in plan}
        for round_number in range(repeats):
            print(f"  round {round_number + 1}/{repeats}")
            for case in plan:  # interleaved: every case once per round
                results[case["name"]].append(
                    load(
                        server.base + case["path"],
                        seconds,
                        connections,
                        case["headers"],
                        case.get("body"),
                    )
                )
    finally:
        server.stop()
    text = report(kind, plan, results, load.__name__, seconds, repeats, connections)
    text += "\n\n" + recycling(url, folder, seconds * repeats, connections, load)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{kind}-{datetime.now():%Y%m%d-%H%M%S}.md").write_text(text + "\n")
    return text


# gunicorn.conf.py as shipped, and the variants it was chosen against.
RECYCLING = [
    ("as shipped: preload, max_requests 20000 ± 4000", {}),
    ("preload, max_requests 2000 ± 400", {"GUNICORN_MAX_REQUESTS": "2000"}),
    (
        "no preload, max_requests 2000 (before)",
        {"GUNICORN_PRELOAD": "0", "GUNICORN_MAX_REQUESTS": "2000"},
    ),
    ("no preload, no recycling", {"GUNICORN_PRELOAD": "0", "GUNICORN_MAX_REQUESTS": "0"}),
]


def recycling(
    url: str, folder: Path, seconds: int, connections: int, load: Callable[..., dict]
) -> str:
    """Each variant long enough for workers to be recycled several times."""
    lines = [
        f"Worker recycling: {seconds} s per line, {connections} connections",
        "",
        "| gunicorn | page | req/s | p50 ms | p90 ms | p99 ms | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, env in RECYCLING:
        server = Server(url, folder, env)
        try:
            for name, path in (("/healthz", "/healthz"), ("home, anonymous", "/en/")):
                load(server.base + path, 1, 4, {}, None)
                r = load(server.base + path, seconds, connections, {}, None)
                lines.append(
                    f"| {label} | {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p90']:.1f} | "
                    f"{r['p99']:.1f} | {r['errors']} |"
                )
        finally:
            server.stop()
    return "\n".join(lines)


def report(
    kind: str,
    plan: list[dict],
    results: dict,
    tool: str,
    seconds: int,
    repeats: int,
    connections: int,
) -> str:
    med = {
        name: {key: statistics.median(r[key] for r in runs) for key in ("rps", "p50", "p99")}
        | {"errors": sum(r["errors"] for r in runs)}
        for name, runs in results.items()
    }
    H = med["baseline: fixed string (H)"]["rps"]
    F = med["baseline: 12-row query (F)"]["rps"]
    lines = [
        f"### {kind}: {datetime.now():%Y-%m-%d %H:%M}, gunicorn.conf.py as shipped with "
        f"{WORKERS} workers, {tool.replace('run_', '')} {connections} connections, "
        f"{seconds} s x {repeats} rounds interleaved, medians",
        "",
        f"F/H = {F / H:.2f} (near 0.5 expected; far from it means a noisy run)",
        "",
        "| page | req/s | p50 ms | p99 ms | p99/p50 | x F | x H | target | SQL | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for case in plan:
        m = med[case["name"]]
        share = m["rps"] / F
        spread = m["p99"] / m["p50"] if m["p50"] else 0.0
        target = case.get("target")
        verdict = ""
        if target:
            met = share >= target and spread <= 2
            verdict = f"≥ {target} F, p99 ≤ 2 p50: {'met' if met else 'missed'}"
        lines.append(
            f"| {case['name']} | {m['rps']:.0f} | {m['p50']:.1f} | {m['p99']:.1f} | "
            f"{spread:.1f} | {share:.2f} | {m['rps'] / H:.2f} | {verdict} | {case['sql']} | "
            f"{m['errors']} |"
        )
    page1 = med["volunteer: news list"]["rps"]
    page400 = med["volunteer: news list page 400"]["rps"]
    lines += ["", f"news page 400 / page 1 = {page400 / page1:.2f}"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    for kind in args.databases.split(","):
        text = measure(kind.strip(), args.seconds, args.repeats, args.connections)
        if text:
            print("\n" + text + "\n")


if __name__ == "__main__":
    main()
