"""Eager-loaded news queries, for the public pages and the leads' workspace.

Every query loads what its template shows (translations, delegation and its texts)
so that the number of statements per page does not grow with the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, extract, func, or_, select, union_all
from sqlalchemy.orm import aliased, joinedload, selectinload

from portal.core.clock import utcnow
from portal.core.db import Page, delegation_row_or_404, escape_like, load_page
from portal.delegations.models import Delegation
from portal.extensions import db
from portal.news.enums import PostStatus
from portal.news.models import NewsPost, NewsPostTranslation
from portal.openings.models import Opening

NEWEST_FIRST = (NewsPost.published_at.desc(), NewsPost.id.desc())


def _with_texts(statement: Select, *, with_delegation: bool = True) -> Select:
    options = [selectinload(NewsPost.translations)]
    if with_delegation:
        options.append(selectinload(NewsPost.delegation).selectinload(Delegation.translations))
    return statement.options(*options)


def public_posts(*, delegation_id: int | None = None) -> Select:
    """Published posts of active delegations, newest first."""
    statement = (
        select(NewsPost)
        .join(NewsPost.delegation)
        .where(NewsPost.is_public(), Delegation.is_active.is_(True))
        .order_by(*NEWEST_FIRST)
    )
    if delegation_id is not None:
        statement = statement.where(NewsPost.delegation_id == delegation_id)
    return statement


@dataclass(frozen=True)
class NewsFilters:
    """What a reader looks for in the news: words, a delegation, a year."""

    words: str = ""
    delegation_id: int | None = None
    year: int | None = None
    locale: str = "en"  # the reader's language: words are looked for in what they read


def _matching(statement: Select, filters: NewsFilters) -> Select:
    if filters.year is not None:
        statement = statement.where(
            NewsPost.published_at >= datetime(filters.year, 1, 1),
            NewsPost.published_at < datetime(filters.year + 1, 1, 1),
        )
    if filters.words:
        shown = aliased(NewsPostTranslation)
        # A post with no text in the reader's language is read in its fallback language.
        in_reader_language = (
            select(NewsPostTranslation.id)
            .where(
                NewsPostTranslation.post_id == shown.post_id,
                NewsPostTranslation.locale == filters.locale,
            )
            .exists()
        )
        # Every word must be found, each anywhere in the title, summary or text.
        every_word = [
            or_(
                shown.title.ilike(pattern, escape="\\"),
                shown.summary.ilike(pattern, escape="\\"),
                shown.body.ilike(pattern, escape="\\"),
            )
            for pattern in ("%" + escape_like(word) + "%" for word in filters.words.split()[:8])
        ]
        statement = statement.where(
            select(shown.id)
            .where(
                shown.post_id == NewsPost.id,
                or_(shown.locale == filters.locale, ~in_reader_language),
                *every_word,
            )
            .exists()
        )
    return statement


def news_page(
    number: int,
    per_page: int,
    *,
    delegation_id: int | None = None,
    with_delegation: bool = True,
    filters: NewsFilters | None = None,
) -> Page[NewsPost]:
    """One page of the public news, newest first, of one delegation or all, with the
    reader's filters; counted, so that the reader sees "Page 2 of 14"."""
    filters = filters or NewsFilters(delegation_id=delegation_id)
    statement = _matching(public_posts(delegation_id=filters.delegation_id), filters)
    return load_page(
        _with_texts(statement, with_delegation=with_delegation),
        number=number,
        per_page=per_page,
        counted=True,
    )


def news_years() -> list[int]:
    """The years in which news was published, newest first (the year filter)."""
    year = extract("year", NewsPost.published_at)
    statement = (
        public_posts().with_only_columns(year).order_by(None).distinct().order_by(year.desc())
    )
    return [int(value) for value in db.session.scalars(statement)]


def overview_posts(*, per_delegation: int, recent: int) -> Sequence[NewsPost]:
    """In one query: each delegation's latest `per_delegation` posts and the latest
    `recent` across all delegations (the home page's two kinds of news band).

    Each "n-th latest post of this delegation" is a scalar subquery that walks the
    (delegation_id, status, published_at, id) index, so the cost follows the number of
    delegations, not the number of posts (ranking every post took 46 ms at 10,000).
    """
    now = utcnow()
    visible = (NewsPost.status == PostStatus.PUBLISHED, NewsPost.published_at <= now)
    picks = []
    for position in range(per_delegation):
        nth_latest = (
            select(NewsPost.id)
            .where(NewsPost.delegation_id == Delegation.id, *visible)
            .order_by(*NEWEST_FIRST)
            .limit(1)
            .offset(position)
            .scalar_subquery()
        )
        picks.append(select(nth_latest).where(Delegation.is_active.is_(True)))
    latest = (
        select(NewsPost.id)
        .join(NewsPost.delegation)
        .where(*visible, Delegation.is_active.is_(True))
        .order_by(*NEWEST_FIRST)
        .limit(recent)
    )
    wanted = union_all(*picks, select(latest.subquery().c.id))
    statement = select(NewsPost).where(NewsPost.id.in_(wanted)).order_by(*NEWEST_FIRST)
    return db.session.scalars(_with_texts(statement, with_delegation=False)).all()


def public_post_or_404(slug: str) -> NewsPost:
    """The public post at `slug`, with its texts and delegation; 404 if there is none."""
    statement = _with_texts(public_posts().where(NewsPost.slug == slug)).options(
        selectinload(NewsPost.openings).selectinload(Opening.translations)
    )
    return db.first_or_404(statement)


def neighbours(post: NewsPost) -> tuple[NewsPost | None, NewsPost | None]:
    """The previous (older) and next (newer) public posts, with their texts (2 queries)."""
    assert post.published_at is not None
    base = public_posts().with_only_columns(NewsPost.id).limit(1)
    older = base.where(
        or_(
            NewsPost.published_at < post.published_at,
            (NewsPost.published_at == post.published_at) & (NewsPost.id < post.id),
        )
    ).scalar_subquery()
    newer = (
        base.where(
            or_(
                NewsPost.published_at > post.published_at,
                (NewsPost.published_at == post.published_at) & (NewsPost.id > post.id),
            )
        )
        .order_by(None)
        .order_by(NewsPost.published_at.asc(), NewsPost.id.asc())
        .scalar_subquery()
    )
    found = db.session.scalars(
        _with_texts(
            select(NewsPost).where(or_(NewsPost.id == older, NewsPost.id == newer)),
            with_delegation=False,
        )
    ).all()
    older_post = next((p for p in found if _is_before(p, post)), None)
    newer_post = next((p for p in found if not _is_before(p, post)), None)
    return older_post, newer_post


def _is_before(candidate: NewsPost, post: NewsPost) -> bool:
    assert candidate.published_at is not None
    assert post.published_at is not None
    return (candidate.published_at, candidate.id) < (post.published_at, post.id)


def latest_for_feed(limit: int, *, delegation_id: int | None = None) -> Sequence[NewsPost]:
    """The newest public posts for a feed, with their texts and delegation."""
    statement = _with_texts(public_posts(delegation_id=delegation_id).limit(limit))
    return db.session.scalars(statement).all()


def last_published_at(delegation_id: int | None = None) -> datetime | None:
    """When the newest public post (of one delegation, or of all) was published."""
    statement = (
        public_posts(delegation_id=delegation_id)
        .with_only_columns(func.max(NewsPost.published_at))
        .order_by(None)
    )
    return db.session.scalar(statement)


# The leads' workspace -----------------------------------------------------------------


def delegation_posts_page(delegation_id: int, *, number: int, per_page: int) -> Page[NewsPost]:
    """Every post of a delegation (drafts first, then newest), with texts and author."""
    statement = (
        select(NewsPost)
        .where(NewsPost.delegation_id == delegation_id)
        .order_by(
            NewsPost.published_at.is_(None).desc(), NewsPost.published_at.desc(), NewsPost.id.desc()
        )
        .options(selectinload(NewsPost.translations), joinedload(NewsPost.author))
    )
    return load_page(statement, number=number, per_page=per_page)


def delegation_post_or_404(delegation_id: int, post_id: int) -> NewsPost:
    """A post of this delegation (whatever its status) with texts and cover; else 404."""
    return delegation_row_or_404(
        NewsPost,
        post_id,
        delegation_id,
        selectinload(NewsPost.translations),
        joinedload(NewsPost.cover_large),
        joinedload(NewsPost.cover_small),
        selectinload(NewsPost.openings),
    )
