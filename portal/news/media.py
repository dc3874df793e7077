"""Public images uploaded by leads (covers, inline pictures): /media/<id>/<sha256>.webp.

Only documents of kind "image" are served here, never CVs. The address contains the
content hash, so it can be cached for a year.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort

from portal.core.models import Document
from portal.core.uploads import document_bytes
from portal.extensions import db
from portal.news.images import IMAGE_KIND, image_url

bp = Blueprint("media", __name__, url_prefix="/media")
ONE_YEAR = 365 * 24 * 3600


@bp.get("/<int:document_id>/<sha256>.webp")
def image(document_id: int, sha256: str) -> Response:
    document = db.get_or_404(Document, document_id)
    if document.kind != IMAGE_KIND or document.sha256 != sha256:
        abort(404)
    data = document_bytes(document)
    if not data:
        abort(404)
    response = Response(data, mimetype=document.content_type)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["ETag"] = f'"{document.sha256}"'
    return response


bp.add_app_template_global(image_url, "image_url")
