"""An editor opens the example article in the admin and sees its reading level; axe
finds nothing on the panel or on the grades shown on compare."""

import re

import pytest
from playwright.sync_api import expect

from articles import demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_sees_the_reading_grade_of_the_example_article(live_server, demo_content, page):
    from axe_playwright_python.sync_playwright import Axe

    from tests.e2e.test_accessibility import WCAG_AA

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("xrays-demo-editor")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/admin/articles/article/")
    page.get_by_role("link", name=demo.TITLE).click()

    panel = page.get_by_role("region", name="Reading level of the draft")
    expect(panel).to_contain_text(re.compile(r"Flesch–Kincaid grade \d+\.\d\s+for the summary and sections"))
    expect(panel.get_by_role("table", name="Reading grade by part").get_by_role("row")).to_have_count(
        1 + 1 + len(demo.SECTIONS)  # the header, the summary, each section
    )
    panel.get_by_text("Longest sentences of each part").click()
    results = Axe().run(page, context=".xr-reading", options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_role("link", name="Compare", exact=True).first.click()
    expect(page.locator(".xr-reading-grades")).to_contain_text(
        "Reading grade (Flesch–Kincaid; target 8 or below)"
    )
    results = Axe().run(page, context=".xr-reading-grades", options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
