"""WCAG 2.2 AA checks by axe-core on every public page (tests/e2e/public_pages.py), on a
phone (390x844, touch) and on a desktop (1280x800), in Chromium.

One test per screen, one subtest per page: a failure names the page, the screen and the
rules broken, and the demo content is loaded once per screen rather than once per page
(loading and flushing it costs about 3 s; 100 separate tests would take minutes).

The issue asks that axe find no serious or critical violation; these tests hold the bar
the suite already held before it, none at all, whatever its impact (each one found is
listed with its impact)."""

import pytest

from tests.e2e.public_pages import in_visiting_order, open_public_page
from tests.e2e.screens import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}

SCREENS = {"phone 390x844": PHONE, "desktop 1280x800": DESKTOP}


def described(violations) -> str:
    """Each rule broken, how badly, and the first few elements that break it."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:3]:
            html = " ".join(node["html"].split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {html[:160]}")
        if len(violation["nodes"]) > 3:
            lines.append(f"    … and {len(violation['nodes']) - 3} more")
    return "\n".join(lines)


def assert_no_violations(axe, page, where: str) -> None:
    violations = axe.run(page, options=WCAG_AA).response["violations"]
    ids = ", ".join(violation["id"] for violation in violations)
    if violations:
        pytest.fail(f"axe on {where}: {ids}\n{described(violations)}")


@pytest.mark.parametrize("screen", SCREENS)
def test_axe_finds_no_violation_on_any_public_page(screen, live_server, new_context, demo_content, subtests):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = new_context(**SCREENS[screen]).new_page()
    for public_page in in_visiting_order():
        with subtests.test(msg=f"{public_page.name} at {screen}"):
            address = open_public_page(page, live_server.url, public_page)
            assert_no_violations(axe, page, f"{public_page.name} ({address}) at {screen}")
