"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (make serve).

Every value can be overridden by the environment (GUNICORN_* below), so one file serves
a laptop, a small VM and a larger server. `make bench` serves the portal with this file
(only the worker count and the address overridden).
"""

import gc
import logging
import multiprocessing
import os
import sys
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: requests are short and the database does the waiting; (2 x cores) + 1 is
# gunicorn's own advice. Threads stay at 1: measured on 2 cores, threaded workers gave
# bimodal latencies.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync"

# The application is imported once, by the master, and every worker is forked from it:
# a worker that replaces a recycled one is serving within milliseconds. Without it, each
# recycling re-imported the application (about a second) while its connections waited:
# measured by `make bench` (README, "Worker recycling"). A new release is deployed by
# restarting the service (a HUP would keep the old code).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
# Recycle workers rarely (a slow leak in any library stays bounded); the jitter keeps
# the workers from restarting together. A recycled worker still starts with empty
# caches (pages, compiled SQL), so each recycling costs a few slow requests: measured,
# every 2000 requests took 30 % of the throughput of a page served from the cache.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 5

# Behind nginx: a worker stuck for 30 s is killed and replaced before nginx's own 60 s
# proxy_read_timeout answers 504; a restart lets running requests finish for 30 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Sync workers close the connection after each response (nginx talks HTTP/1.0 to its
# upstream by default and opens a new loopback connection per request), so keep-alive
# only matters for another worker class; a short one frees a worker quickly.
keepalive = 2
limit_request_line = 8190

# Behind nginx: trust X-Forwarded-* from the proxy only (set FORWARDED_ALLOW_IPS to the
# proxy's address; the app applies ProxyFix with PORTAL_PROXY_FIX_HOPS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The portal is served at the root of its domain: no request header may move it (by
# default gunicorn takes SCRIPT_NAME and PATH_INFO headers from the trusted addresses,
# and the links of a page would then point wherever the header said).
forwarder_headers = ""

# One JSON line per request on stdout, with the request id the app echoes; the logger
# encodes every field, so what a client sends cannot break or forge a line.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "portal.core.logging.GunicornJsonLogger"


def when_ready(server: Any) -> None:
    """With preload_app, compile the templates and load the languages once, in the
    master: every worker forked from it (recycled ones too) starts warm."""
    if not server.cfg.preload_app:
        return
    import wsgi  # noqa: PLC0415 - already imported by the master
    from portal.core.warmup import warm_up  # noqa: PLC0415

    server.log.info("warmed up: %d templates compiled", warm_up(wsgi.app))
    # What the master holds is never freed by a worker: the collector leaves it alone,
    # so the forked pages stay shared instead of being copied on the first collection.
    gc.freeze()


def worker_exit(server: Any, worker: Any) -> None:
    """A recycled worker ends at once: its database connections are closed properly,
    its logs flushed, and the interpreter's teardown of the application's whole heap
    (measured: 0.8 s, during which the master waits to replace it) is skipped."""
    ending = sys.exc_info()[1]  # gunicorn calls this in a `finally`: how the worker ends
    clean = ending is None or (isinstance(ending, SystemExit) and ending.code in (0, None))
    if not server.cfg.preload_app or not clean:
        return  # a failed boot or a crash keeps gunicorn's own exit code and report
    import wsgi  # noqa: PLC0415
    from portal.extensions import db  # noqa: PLC0415

    with wsgi.app.app_context():
        db.engine.dispose()
    logging.shutdown()
    sys.stdout.flush()
    os._exit(0)


def post_fork(server: Any, worker: Any) -> None:
    """With preload_app, the database engine was made before the fork: each worker
    drops the pool it inherited (without closing the master's connections) and opens
    its own."""
    if not server.cfg.preload_app:
        return
    import wsgi  # noqa: PLC0415 - already imported by the master
    from portal.extensions import db  # noqa: PLC0415

    with wsgi.app.app_context():
        db.engine.dispose(close=False)
