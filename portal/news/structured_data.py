"""schema.org NewsArticle for a post page."""

from __future__ import annotations

from typing import Any

from portal.core.urls import absolute, absolute_url
from portal.news.images import image_url
from portal.news.models import NewsPost


def article_data(post: NewsPost) -> dict[str, Any]:
    text = post.localized()
    assert text is not None
    assert post.published_at is not None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": text.title[:110],
        "description": text.teaser,
        "inLanguage": text.locale,
        "datePublished": post.published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "dateModified": (post.content_updated_at or post.published_at).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        ),
        "url": absolute_url("news.detail", slug=post.slug),
        "publisher": {"@type": "Organization", "name": "Make Mothers Matter"},
    }
    if text.dateline:
        data["dateline"] = text.dateline
    if post.cover_large is not None:
        data["image"] = absolute(image_url(post.cover_large) or "")
    return data
