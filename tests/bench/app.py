"""The portal as the benchmark serves it: the real app plus two baseline routes and a
per-request SQL statement count (X-SQL-Count). Never part of the production app."""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import event, text

from portal import create_app
from portal.extensions import db

app = create_app()

TABLE_SOURCE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title>
</head><body><table>{% for row in rows %}<tr><td>{{ row.id }}</td><td>{{ row.slug }}</td>
<td>{{ row.sort_order }}</td></tr>{% endfor %}</table></body></html>"""


TABLE = app.jinja_env.from_string(TABLE_SOURCE)  # compiled once, as a file template is


@app.get("/bench/fixed")
def fixed() -> str:
    return "Hello, delegations."


@app.get("/bench/query")
def one_query() -> str:
    rows = db.session.execute(
        text("SELECT id, slug, sort_order FROM delegations ORDER BY id LIMIT 12")
    ).all()
    return TABLE.render(rows=rows)


with app.app_context():

    @event.listens_for(db.engine, "before_cursor_execute")
    def _count(_conn, _cursor, statement, *_args) -> None:

        if has_request_context() and not statement.lstrip().upper().startswith(
            ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")
        ):
            g.sql_count = g.get("sql_count", 0) + 1


@app.after_request
def _report(response):
    response.headers["X-SQL-Count"] = str(g.get("sql_count", 0))
    return response
