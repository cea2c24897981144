"""What reviewers see changed between two snapshots."""

from articles.compare import compare, html_to_text, word_diff


def snapshot(**overrides):
    base = {
        "title": "Early spread",
        "summary": "Cells spread early.",
        "sections": [
            {
                "anchor": "findings",
                "heading": "Findings",
                "body": "<p>Cells   spread\n early in mice.</p><ul><li>bone</li></ul>",
            },
            {"anchor": "meaning", "heading": "Meaning", "body": "<p>Talk to your doctor.</p>"},
        ],
        "doctor_questions": ["Has it spread?"],
        "clinical_trials": [],
        "guidelines": [],
        "resources": [],
        "references": [],
        "relevant_for": [{"id": 1, "name": "people with breast cancer", "slug": "b"}],
        "also_relevant_for": [],
    }
    return {**base, **overrides}


def test_text_keeps_paragraphs_not_source_line_breaks():
    assert html_to_text("<p>Cells   spread\n early.</p><ul><li>bone</li><li>brain</li></ul>") == (
        "Cells spread early.\nbone\nbrain"
    )


def test_word_diff_marks_removed_and_added_words_and_escapes():
    assert (
        word_diff("Cells spread late", "Cells spread early") == "Cells spread <del>late</del><ins>early</ins>"
    )
    assert word_diff("a <b>", "a <i>") == "a &lt;<del>b</del><ins>i</ins>&gt;"


def test_sections_are_compared_by_anchor_and_unchanged_ones_say_so():
    old = snapshot()
    new = snapshot(
        sections=[
            {"anchor": "findings", "heading": "Findings", "body": "<p>Cells spread early in people.</p>"},
            {"anchor": "new", "heading": "New part", "body": "<p>Added.</p>"},
        ]
    )
    changes = {c.label: c for c in compare(old, new)}
    assert changes["Title"].status == "same"
    findings = changes["Section: Findings"]
    assert findings.status == "changed"
    assert "<del>mice</del><ins>people</ins>" in findings.html
    assert changes["Section: New part"].status == "added"
    assert changes["Section: Meaning"].status == "removed"
    assert changes["Questions to ask your doctor"].status == "same"


def test_a_first_publication_compares_against_nothing():
    changes = compare(None, snapshot())
    assert all(c.status in {"changed", "added"} for c in changes)
    assert any("<ins>" in c.html for c in changes)


def test_audience_changes_are_shown():
    new = snapshot(relevant_for=[{"id": 2, "name": "men with breast cancer", "slug": "m"}])
    change = next(c for c in compare(snapshot(), new) if c.label == "Relevant for")
    assert "<ins>men</ins>" in change.html and "<del>people</del>" in change.html
