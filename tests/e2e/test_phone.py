"""On a 390 px phone: the navigation folds behind a menu button, and no page, signed in
or not, in either language, scrolls sideways or breaks an accessibility rule."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility
from tests.e2e.test_journeys import sign_in

pytestmark = pytest.mark.e2e

PEOPLE = {
    "reader": None,
    "volunteer": ("volunteer@example.org", "demo-volunteer-pass"),
    "lead": ("lead.unesco@example.org", "demo-lead-pass"),
    "admin": ("admin@example.org", "demo-admin-pass"),
}
PAGES_PER_WALK = 30
NOT_PAGES = (
    "logout",
    "feed",
    ".atom",
    "download",
    "export",
    "/cv",
    "/media/",
    "/static/",
    "/delete",
)


def test_the_menu_folds_on_a_phone_and_opens_with_the_keyboard(page, portal):
    page.set_viewport_size(PHONE)
    page.goto(portal.url("/fr/"))
    menu = page.get_by_role("button", name="Menu")
    roles = page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Missions bénévoles"
    )
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(roles).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(roles).to_be_visible()
    roles.focus()
    page.keyboard.press("Escape")
    expect(roles).to_be_hidden()
    expect(menu).to_be_focused()
    page.set_viewport_size(DESKTOP)
    expect(menu).to_be_hidden()
    expect(roles).to_be_visible()


def _walk(page, portal, lang: str) -> list[str]:
    """Pages reachable from the home and account pages, breadth first."""
    queue = [f"/{lang}/", f"/{lang}/account/", f"/{lang}/manage/", f"/{lang}/admin/"]
    seen: list[str] = []
    while queue and len(seen) < PAGES_PER_WALK:
        path = queue.pop(0)
        if path in seen:
            continue
        response = page.goto(portal.url(path))
        if response is None or response.status != 200 or urlparse(page.url).path != path:
            continue
        seen.append(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide"
        check_accessibility(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urlparse(href)
            if (
                link.netloc == urlparse(portal.base).netloc
                and link.path.startswith(f"/{lang}/")
                and not any(part in link.path for part in NOT_PAGES)
                and link.path not in seen
            ):
                queue.append(link.path)
    return seen


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("person", list(PEOPLE))
def test_no_page_scrolls_sideways_on_a_phone(page, portal, person, lang):
    if PEOPLE[person]:
        sign_in(page, portal, *PEOPLE[person], lang=lang)
    page.set_viewport_size(PHONE)
    walked = _walk(page, portal, lang)
    assert len(walked) >= 8, walked
