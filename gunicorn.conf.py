"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (make serve).

Every value can be overridden by the environment (GUNICORN_* below), so one file serves
a laptop, a small VM and a larger server.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: requests are short and the database does the waiting; (2 x cores) + 1 is
# gunicorn's own advice. Threads stay at 1: measured on 2 cores, threaded workers gave
# bimodal latencies.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then; jitter avoids restarting all at once
max_requests_jitter = 200
limit_request_line = 8190

# Behind nginx: trust X-Forwarded-* from the proxy only (set FORWARDED_ALLOW_IPS to the
# proxy's address; the app applies ProxyFix with PORTAL_PROXY_FIX_HOPS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# One JSON line per request on stdout, with the request id the app echoes; the logger
# encodes every field, so what a client sends cannot break or forge a line.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "portal.core.logging.GunicornJsonLogger"
