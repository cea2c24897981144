"""An editor reads the survey results on a phone: the filters fit the screen, and the
readers' written answers read as text, at the size of the page's own text."""

import pytest
from playwright.sync_api import expect

from articles import demo
from articles.models import Article
from surveys.answering import record_response
from surveys.demo import SLUG
from surveys.models import Question, Survey
from tests.e2e.screens import PHONE, keep_screenshot

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
DESKTOP = {"width": 1280, "height": 900}
LONG_ANSWER = (
    "I read this in the waiting room before my oncology appointment. The part about cells "
    "leaving the tumor early finally explained why my doctor wanted a scan even though the "
    "lump was small. I wrote down two of the questions to ask. Thank you for the plain words."
)


@pytest.fixture
def answered(demo_content):
    survey = Survey.objects.get(slug=SLUG)
    article = Article.objects.get(slug=demo.SLUG)
    # The article selector shows titles; a long one must not push the page sideways.
    Article.objects.filter(pk=article.pk).update(
        title="Does metastasis happen earlier than previously thought? What a new study of "
        "breast cancer cells means for people with early-stage disease"
    )
    questions = {q.kind: q for q in survey.questions.all()}
    for rating, text in [(4, LONG_ANSWER), (5, "Clear, and kind.\nThe glossary helped.")]:
        record_response(
            survey,
            article.pk,
            [(questions[Question.Kind.RATING], rating), (questions[Question.Kind.LONG_TEXT], text)],
        )
    return survey


def results_page(live_server, new_context, survey, viewport, **options):
    page = new_context(viewport=viewport, **options).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("xrays-demo-editor")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/surveys/survey/{survey.pk}/results/")
    expect(page.locator(".xr-total")).to_have_text("2")
    return page


def scrolls_sideways(page):
    return page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_on_a_phone_the_results_and_their_filters_fit_the_screen(live_server, new_context, answered):
    page = results_page(live_server, new_context, answered, PHONE["viewport"], is_mobile=True, has_touch=True)
    keep_screenshot(page, "share-results-390", full_page=True)
    keep_screenshot(page, "share-results-390-first-screen")
    keep_screenshot(
        page.locator(".xr-question", has_text="What else would you like to tell us?"),
        "share-results-390-answers",
    )
    keep_screenshot(page.locator(".xr-compare-versions"), "share-results-390-versions")
    assert not scrolls_sideways(page)
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=WCAG_AA).response["violations"]
    assert not violations, [(v["id"], v["nodes"][0]["target"]) for v in violations]
    selector = page.get_by_label("Article")
    box = selector.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["viewport"]["width"]
    # The filters still work: choosing the article and showing keeps both answers.
    selector.select_option(label=selector.locator("option").nth(1).inner_text())
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".xr-total")).to_have_text("2")
    assert not scrolls_sideways(page)


def test_written_answers_read_at_the_size_of_the_page_text(live_server, new_context, answered):
    page = results_page(live_server, new_context, answered, DESKTOP)
    keep_screenshot(page, "share-results-1280", full_page=True)
    answer = page.locator(".xr-answer-text", has_text="waiting room")
    expect(answer).to_be_visible()
    size = answer.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    body = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= body
    # Written in the page's own colour, not the grey of notes.
    colours = answer.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(document.querySelector('#content')).color]"
    )
    assert colours[0] == colours[1]
    # No list markers before the answers.
    markers = page.locator(".xr-texts li").evaluate_all(
        "items => items.map(li => getComputedStyle(li).listStyleType)"
    )
    assert markers and set(markers) == {"none"}
    # A line break the reader typed stays a line break.
    expect(page.locator(".xr-answer-text", has_text="Clear, and kind.")).to_contain_text(
        "The glossary helped."
    )
