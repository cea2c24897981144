"""What the review history tells readers changed between two published versions: whole
sentences, reworded ones with their words marked, and list items, never markup."""

from articles.differences import (
    LIST,
    SECTION_CHANGED,
    SUMMARY,
    reader_changes,
    sentence_changes,
    sentences,
)


def content(**parts):
    base = {
        "title": "A study",
        "summary": "It found something.",
        "sections": [{"heading": "What it found", "anchor": "found", "body": "<p>Cells spread early.</p>"}],
        "doctor_questions": ["Is this for me?"],
        "references": [],
    }
    return {**base, **parts}


def test_a_sentence_is_not_cut_at_a_title_or_an_abbreviation():
    assert sentences("Dr. Ana Ruiz led it, e.g. in mice. It worked!\nA new line") == [
        "Dr. Ana Ruiz led it, e.g. in mice.",
        "It worked!",
        "A new line",
    ]


def test_a_reworded_sentence_shows_its_words_and_another_sentence_shows_whole():
    (reworded,) = sentence_changes("Cells spread early in mice.", "Cells spread early in people.")
    assert reworded.before == "Cells spread early in <del>mice</del>."
    assert reworded.after == "Cells spread early in <ins>people</ins>."
    removed, added = sentence_changes("Cells spread early.", "Nobody knows why tumours shrink.")
    assert (removed.before, removed.after) == ("Cells spread early.", "")
    assert (added.before, added.after) == ("", "Nobody knows why tumours shrink.")


def test_markup_and_hostile_text_reach_readers_as_text():
    old = content()
    new = content(
        sections=[
            {"heading": "What it found", "anchor": "found", "body": "<p>Cells &lt;script&gt; spread.</p>"}
        ]
    )
    (change,) = reader_changes(old, new)
    assert change.kind == SECTION_CHANGED
    html = "".join(sentence.before + sentence.after for sentence in change.sentences)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_only_the_parts_that_changed_are_listed():
    old = content()
    new = content(summary="It found something else.", doctor_questions=["Is this for me?", "What next?"])
    changes = reader_changes(old, new)
    assert [change.kind for change in changes] == [SUMMARY, LIST]
    assert changes[1].added == ["What next?"] and changes[1].removed == []
    assert reader_changes(old, old) == []
