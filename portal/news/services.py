"""Writing, scheduling and publishing news posts. Flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.core.clock import utcnow
from portal.core.db import sync_translations, unique_slug
from portal.core.domain import DomainError
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.news.enums import PostStatus
from portal.news.images import StoredImage
from portal.news.models import TEXT_FIELDS, NewsPost, NewsPostTranslation
from portal.openings.models import Opening


@dataclass
class PostInput:
    """What a lead wrote: the texts of each written language."""

    texts: dict[str, dict[str, str]]  # locale -> {title, dateline, summary, body, cover_alt}
    opening_ids: list[int] = field(default_factory=list)  # roles the post calls for


def save_post(
    post: NewsPost,
    *,
    delegation: Delegation,
    author_id: int | None,
    data: PostInput,
    has_cover: bool,
) -> NewsPost:
    """Create or update a post's texts. The address follows the title until the post is
    first published, and never changes after."""
    if not data.texts:
        raise DomainError(_l("Give the post a title in at least one language."), field="title")
    if has_cover and any(not values.get("cover_alt", "").strip() for values in data.texts.values()):
        raise DomainError(
            _l(
                "Describe the cover image for readers who cannot see it, in each "
                "language of the post."
            ),
            field="cover_alt",
        )
    first_title = next(iter(data.texts.values()))["title"]
    if post.id is None:
        post.delegation_id, post.author_id, post.status = delegation.id, author_id, PostStatus.DRAFT
        post.slug = unique_slug(NewsPost, first_title)
        db.session.add(post)
    elif not post.slug_is_locked:
        post.slug = unique_slug(NewsPost, first_title, exclude_id=post.id)
    post.openings = _delegation_openings(delegation.id, data.opening_ids)
    texts_changed = sync_translations(
        post.translations,
        data.texts,
        make=lambda locale: NewsPostTranslation(locale=locale),
        fields=TEXT_FIELDS,
    )
    if (
        texts_changed
        and post.status == PostStatus.PUBLISHED
        and post.published_at
        and post.published_at <= utcnow()
    ):
        post.content_updated_at = utcnow()
    db.session.flush()
    return post


def _delegation_openings(delegation_id: int, ids: list[int]) -> list[Opening]:
    """The roles of `ids` that belong to the delegation (another's id is refused)."""
    if not ids:
        return []
    found = db.session.scalars(
        select(Opening).where(Opening.id.in_(ids), Opening.delegation_id == delegation_id)
    ).all()
    if len(found) != len(set(ids)):
        raise DomainError(_l("Choose among the delegation's own roles."), field="openings")
    return list(found)


def set_cover(post: NewsPost, image: StoredImage) -> None:
    """Use `image` as the post's cover; the former cover's files are deleted."""
    old = [doc for doc in (post.cover_large, post.cover_small) if doc is not None]
    post.cover_large, post.cover_small = image.large, image.small
    for document in old:
        db.session.delete(document)


def remove_cover(post: NewsPost) -> None:
    """Remove the post's cover and delete its files."""
    for document in (post.cover_large, post.cover_small):
        if document is not None:
            db.session.delete(document)
    post.cover_large = post.cover_small = None


def publish(post: NewsPost, *, at: datetime | None = None) -> None:
    """Publish now, or at `at` (naive UTC): the public lists show it from that moment."""
    moment = at or utcnow()
    if at is not None and at <= utcnow():
        raise DomainError(_l("Choose a moment in the future, or publish now."), field="publish_at")
    post.status, post.published_at = PostStatus.PUBLISHED, moment


def unpublish(post: NewsPost) -> None:
    """Back to draft; the address stays reserved for the post."""
    post.status = PostStatus.DRAFT


def delete_draft(post: NewsPost) -> None:
    """Delete a post that was never published or was unpublished since."""
    if post.status != PostStatus.DRAFT:
        raise DomainError(_l("Unpublish the post before deleting it."))
    remove_cover(post)
    db.session.delete(post)
