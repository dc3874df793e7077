"""schema.org JobPosting for a role page, so that search engines can list it."""

from __future__ import annotations

from typing import Any

from portal.core.text import excerpt, plain_text
from portal.core.urls import absolute_url
from portal.openings.models import Opening


def job_posting(opening: Opening) -> dict[str, Any]:
    text = opening.localized()
    assert text is not None
    description = text.description_html or text.summary
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": text.title,
        "description": description,
        "datePosted": opening.created_at.date().isoformat(),
        "employmentType": "VOLUNTEER",
        "inLanguage": text.locale,
        "url": absolute_url("openings.detail", slug=opening.slug),
        "hiringOrganization": {
            "@type": "Organization",
            "name": "Make Mothers Matter",
            "sameAs": "https://makemothersmatter.org",
        },
        "totalJobOpenings": opening.places,
        "identifier": {
            "@type": "PropertyValue",
            "name": "Make Mothers Matter",
            "value": opening.slug,
        },
        "abstract": excerpt(plain_text(text.summary), 300),
    }
    if opening.closes_at:
        data["validThrough"] = opening.closes_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    if text.location:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": text.location},
        }
    if opening.is_remote:
        data["jobLocationType"] = "TELECOMMUTE"
    if opening.starts_on:
        data["jobStartDate"] = opening.starts_on.isoformat()
    return data
