"""Reading level for editors: the grade of the draft and of each part, its longest
sentences and the medical words it uses without a glossary entry (articles/readability.py),
on the article's admin page and on compare."""

import re

import pytest
import textstat
from django.test import override_settings

from articles import workflow
from articles.admin import readability
from glossary.marking import Glossary
from glossary.models import Term
from tests import factories

PLAIN = (
    "Two studies in mice found that cancer cells can leave the breast early. "
    "These early cells seed most of the later metastases, the researchers reported in the journal. "
    "The work is early laboratory research. It does not change treatment today."
)
HARD = (
    "Investigators characterized heterogeneous disseminated malignant populations, "
    "demonstrating considerable metastatic proliferative capability notwithstanding "
    "undetectable primary neoplastic manifestations."
)


def content(summary="", **sections):
    return {
        "summary": summary,
        "sections": [
            {"heading": heading, "toc_label": "", "anchor": f"s{i}", "body": body}
            for i, (heading, body) in enumerate(sections.items())
        ],
    }


def glossary(*terms):
    return Glossary.from_terms(
        [Term(name=name, slug=name, definition="…", variants=variants) for name, variants in terms]
    )


# --- the measures ----------------------------------------------------------------------


def test_the_grade_of_a_text_is_the_libraries_flesch_kincaid_grade():
    assert readability.grade(PLAIN) == textstat.flesch_kincaid_grade(PLAIN)
    assert readability.grade(HARD) == textstat.flesch_kincaid_grade(HARD)
    assert readability.grade(PLAIN) < 8 < readability.grade(HARD)
    assert readability.grade("") is None and readability.grade("  ") is None


def test_the_grade_of_a_section_reads_the_text_of_its_sanitised_html():
    html = "<p>Two studies in <em>mice</em> found that cancer cells can leave the breast early. " + (
        "These early cells seed most of the later metastases, the researchers reported in the "
        '<a href="https://example.org/">journal</a>.</p><p>The work is early laboratory research. '
        "It does not change treatment&nbsp;today.</p>"
    )
    report = readability.assess(content(Findings=html), target=8)
    section = report.parts[1]
    assert section.label == "Section: Findings"
    # The heading is a sentence of its own ("Findings."), then the text without its tags.
    assert section.grade == textstat.flesch_kincaid_grade("Findings. " + PLAIN)
    assert section.words == textstat.lexicon_count("Findings. " + PLAIN)


def test_list_items_and_headings_are_sentences_of_their_own():
    html = "<p>Tell your doctor about:</p><ul><li>pain in your bones</li><li>headaches or dizziness</li></ul>"
    blocks = readability.blocks_of(html)
    assert blocks == ["Tell your doctor about:", "pain in your bones", "headaches or dizziness"]
    assert (
        readability.plain_text(blocks)
        == "Tell your doctor about:. pain in your bones. headaches or dizziness."
    )
    report = readability.assess(content(Signs=html), target=8)
    assert [s.text for s in report.parts[1].sentences] == ["Signs", *blocks]


def test_the_longest_sentences_are_listed_longest_first_with_their_part():
    report = readability.assess(
        content(
            summary="A short summary. Dr. Ghajar and Dr. Bissell wrote a commentary on both studies in the journal.",
            Findings=f"<p>{PLAIN}</p>",
            Meaning="<p>Keep to your plan. Ask your oncologist which follow-up tests you need and how often.</p>",
        ),
        target=8,
    )
    longest = report.whole.longest
    assert [(s.words, s.part) for s in longest] == [
        (15, "Section: Findings"),
        (14, "Summary"),
        (13, "Section: Findings"),
    ]
    # "Dr." does not end a sentence.
    assert longest[1].text == "Dr. Ghajar and Dr. Bissell wrote a commentary on both studies in the journal."
    assert [s.words for s in report.parts[2].longest] == [11, 4, 1]  # and its heading, "Meaning"


def test_medical_words_without_a_glossary_entry_are_listed_in_order_with_their_counts():
    text = (
        "The biopsy showed a HER2-positive carcinoma. Two more biopsys were taken (sic); "
        "the primary tumor was ER-positive. Her oncologist ordered a mammogram and more biopsies."
    )
    terms = dict(readability.unexplained_terms(text))
    assert list(terms)[:3] == ["biopsy", "HER2-positive", "carcinoma"]
    assert terms["biopsy"] == 3  # "biopsy", "biopsys" and "biopsies"
    assert {"ER-positive", "oncologist", "mammogram", "primary tumor"} <= set(terms)
    assert "tumor" not in terms and "showed" not in terms
    explained = glossary(("HER2-positive", ""), ("primary tumor", ""), ("biopsy", "biopsys\nbiopsies"))
    terms = dict(readability.unexplained_terms(text, explained))
    assert "HER2-positive" not in terms and "biopsy" not in terms and "primary tumor" not in terms
    assert "HER2" not in terms  # inside the explained "HER2-positive"
    assert list(terms) == ["carcinoma", "ER-positive", "oncologist", "mammogram"]


def test_the_medical_terms_list_holds_a_few_hundred_distinct_terms():
    terms = readability.medical_terms()
    assert len(terms) >= 300
    assert len({t.casefold() for t in terms}) == len(terms)
    assert "cancer" not in terms and "doctor" not in terms  # everyday words stay out


def test_each_part_and_the_whole_draft_are_measured_against_the_target():
    report = readability.assess(content(summary="", Easy=f"<p>{PLAIN}</p>", Hard=f"<p>{HARD}</p>"), target=8)
    assert [p.label for p in report.parts] == ["Summary", "Section: Easy", "Section: Hard"]
    assert report.parts[0].grade is None and report.parts[0].words == 0
    assert [p.above_target for p in report.parts] == [False, False, True]
    everything = readability.plain_text(["Easy", PLAIN, "Hard", HARD])
    assert report.whole.grade == textstat.flesch_kincaid_grade(everything)
    assert readability.assess(content(summary=PLAIN), target=20).whole.above_target is False


# --- in the admin -----------------------------------------------------------------------


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def draft(db):
    article = factories.ArticleFactory(title="Early spread", summary=PLAIN)
    factories.SectionFactory(
        article=article, heading="Findings", body=f"<p>{PLAIN} An ER-positive carcinoma.</p>"
    )
    factories.SectionFactory(article=article, heading="Jargon", body=f"<p>{HARD}</p>")
    factories.TermFactory(name="metastasis", variants="metastases\nmetastatic")
    return article


@pytest.mark.django_db
def test_the_article_page_shows_the_grades_longest_sentences_and_unexplained_words(client, editor, draft):
    client.force_login(editor)
    response = client.get(f"/admin/articles/article/{draft.pk}/change/")
    text = text_of(response)
    report = readability.assess(readability_content(draft), target=8)
    assert f"Flesch–Kincaid grade {report.whole.grade:.1f} for the summary and sections" in text
    for label, part in [("Summary", report.parts[0]), ("Section: Findings", report.parts[1])]:
        assert f"{label} {part.grade:.1f} {part.words}" in text
    assert f"Section: Jargon {report.parts[2].grade:.1f} (above target)" in text
    assert "Longest sentences" in text and HARD in text
    # Medical words without an entry, each a link to add it to the glossary; covered ones not.
    # ("metastases" and "metastatic" have an entry; "disseminated" and "neoplastic" are not listed.)
    assert "Medical words without a glossary entry: ER-positive , carcinoma , malignant ." in text
    assert 'href="/admin/glossary/term/add/?name=carcinoma">carcinoma</a>' in response.content.decode()


def readability_content(article):
    return workflow.draft_content(article)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("target", "warned"), [(8, True), (30, False)])
def test_a_draft_above_the_target_grade_gets_a_warning_that_blocks_nothing(
    client, editor, draft, settings, target, warned
):
    settings.READING_GRADE_TARGET = target
    client.force_login(factories.author(username="writer"))
    response = client.get(f"/admin/articles/article/{draft.pk}/change/")
    assert ("Above the target:" in text_of(response)) is warned
    assert f"The target is grade {target} or below" in text_of(response)
    # Submitting is still offered, and works.
    assert "Submit for review" in text_of(response)
    workflow.submit_for_review(draft, by=factories.author(username="another-writer"))


@pytest.mark.django_db
def test_a_glossary_entry_added_takes_the_word_off_the_list_at_once(client, editor, draft):
    client.force_login(editor)
    url = f"/admin/articles/article/{draft.pk}/change/"
    assert "?name=carcinoma" in client.get(url).content.decode()
    factories.TermFactory(name="carcinoma")
    assert "?name=carcinoma" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_reviewers_see_the_grade_of_live_and_draft_on_compare(client, draft, publish, reviewer):
    with override_settings(READING_GRADE_TARGET=8):
        publish(draft)
        section = draft.sections.get(heading="Jargon")
        section.body = "<p>The cells spread early. We do not know why yet.</p>"
        section.save()
        client.force_login(reviewer)
        text = text_of(client.get(f"/admin/articles/article/{draft.pk}/compare/?from=live&to=draft"))
    live = readability.content_grade(draft.live_version.content)
    new = readability.content_grade(readability_content(draft))
    assert new < live
    assert "Reading grade (Flesch–Kincaid; target 8 or below): Live: version 1" in text
    assert f": {live:.1f} ; Draft (not yet published): {new:.1f} ." in text
    assert ("Above the target:" in text) is (new > 8)


def test_a_word_longer_than_any_in_a_dictionary_is_read_as_its_first_45_letters():
    """Counting the syllables of a pasted 20,000-letter run takes seconds; no English word
    has more than 45 letters."""
    word = "pneumonoultramicroscopic" * 834
    report = readability.assess(content(summary=f"A {word} word."), target=8)
    assert report.whole.grade == textstat.flesch_kincaid_grade(f"A {word[:45]} word.")
    assert report.whole.longest[0].text == f"A {word} word."  # shown whole
