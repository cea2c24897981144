"""What reviewers see changed between two snapshots."""

import copy
import datetime
import json

import pytest

from articles import snapshot as content
from articles.admin.compare import compare, html_to_text, word_diff
from articles.models import Article
from references.models import Reference
from tests import factories


def snapshot(**overrides):
    base = {
        "format": 1,
        "title": "Early spread",
        "slug": "early-spread",
        "summary": "Cells spread early.",
        "posted_on": "2016-12-22",
        "sections": [
            {
                "anchor": "findings",
                "heading": "Findings",
                "toc_label": "",
                "body": "<p>Cells   spread\n early in mice.</p><ul><li>bone</li></ul>",
            },
            {
                "anchor": "meaning",
                "heading": "Meaning",
                "toc_label": "",
                "body": "<p>Talk to your doctor.</p>",
            },
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
            {
                "anchor": "findings",
                "heading": "Findings",
                "toc_label": "",
                "body": "<p>Cells spread early in people.</p>",
            },
            {"anchor": "new", "heading": "New part", "toc_label": "", "body": "<p>Added.</p>"},
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


def shows(changes):
    """Whether a reviewer sees a difference: a changed part with words marked."""
    return any(c.changed and ("<ins>" in c.html or "<del>" in c.html) for c in changes)


def test_a_changed_link_target_shows_though_the_words_stay():
    body = '<p>Ask about <a href="https://www.cancer.gov/">this treatment</a>.</p>'
    assert html_to_text(body) == "Ask about this treatment [→ https://www.cancer.gov/]."
    old = snapshot(sections=[{"anchor": "findings", "heading": "Findings", "toc_label": "", "body": body}])
    new = snapshot(
        sections=[
            {
                "anchor": "findings",
                "heading": "Findings",
                "toc_label": "",
                "body": body.replace("https://www.cancer.gov/", "https://evil.example/buy-miracle-cure"),
            }
        ]
    )
    change = next(c for c in compare(old, new) if c.label == "Section: Findings")
    assert change.status == "changed"
    assert (
        "[→ <del>https://www.cancer.gov/</del><ins>https://evil.example/buy-miracle-cure</ins>]"
        in change.html
    )


def test_contents_label_posted_date_slug_and_summary_changes_show():
    old = snapshot()
    new = snapshot(
        slug="early-spread-of-cancer",
        posted_on="2017-01-05",
        summary="Cells may spread early.",
        sections=[{**old["sections"][0], "toc_label": "Buy now"}, old["sections"][1]],
    )
    changes = {c.label: c for c in compare(old, new) if c.changed}
    assert "<del>early-spread</del><ins>early-spread-of-cancer</ins>" in changes["Address (slug)"].html
    assert changes["Posted date"].html == (
        "<del>22</del><ins>5</ins> <del>December</del><ins>January</ins> <del>2016</del><ins>2017</ins>"
    )
    assert changes["Summary"].html == "Cells<ins> may</ins> spread early."
    assert changes["Section: Findings"].html.startswith("Findings\n<ins>Contents label: Buy now · </ins>")
    assert "<ins>Buy now</ins>" in changes["Table of contents"].html


def test_moving_a_section_shows_in_the_table_of_contents():
    old = snapshot()
    new = snapshot(sections=list(reversed(old["sections"])))
    changes = [c for c in compare(old, new) if c.changed]
    assert [c.label for c in changes] == ["Table of contents"]
    assert shows(changes)


def test_a_change_of_formatting_alone_is_shown_with_its_markup():
    old = snapshot()
    new = snapshot(
        sections=[
            {
                **old["sections"][0],
                "body": old["sections"][0]["body"].replace("<ul>", "<ol>").replace("</ul>", "</ol>"),
            }
        ]
        + old["sections"][1:]
    )
    change = next(c for c in compare(old, new) if c.label == "Section: Findings")
    assert change.status == "changed"
    assert "formatting or markup" in change.html
    assert "<del>ul</del><ins>ol</ins>" in change.html


def test_reference_text_is_escaped_once():
    reference = {
        "id": 7,
        "kind": "journal",
        "authors": ["Harper KL"],
        "more_authors": False,
        "title": "Risk & reward <in> mice",
        "publication": "Nature",
        "volume": "",
        "issue": "",
        "pages": "",
        "published_on": "",
        "published_online_on": "",
        "doi": "",
        "pubmed_id": "",
        "url": "",
        "is_original_story": False,
    }
    change = next(c for c in compare(None, snapshot(references=[reference])) if c.label == "References")
    assert "Risk &amp; reward &lt;in&gt; mice" in change.html
    assert "&amp;amp;" not in change.html and "&amp;lt;" not in change.html


# --- compare follows the snapshot: whatever changes the fingerprint shows -------------


@pytest.fixture
def everything(db):
    """The snapshot of an article with every kind of content, every field filled in."""
    article = factories.full_article(n_items=2, posted_on=datetime.date(2016, 12, 22))
    section = article.sections.first()
    section.toc_label = "Findings"
    section.body = '<p>See <a href="https://www.cancer.gov/">the facts</a>.</p><h3>More</h3>'
    section.save()
    article.resources.update(description="Plain facts.")
    for n, reference in enumerate(Reference.objects.filter(citations__article=article)):
        reference.issue = "7"
        reference.published_online_on = datetime.date(2016, 12, 14)
        reference.doi = f"10.1038/nature2060{n}"
        reference.pubmed_id = f"2797479{n}"
        reference.url = f"https://www.nature.com/articles/nature2060{n}"
        reference.more_authors = True
        reference.save()
    factories.rate(article, "science", "low", "Done in mice.", evidence="study in mice\nstudy of cells")
    factories.rate(article, "timeline", "pre-clinical", "Not yet in people.")
    newer = factories.full_article(title="A newer review")
    Article.objects.filter(pk=article.pk).update(superseded_by=newer, superseded_note="Trials have reported.")
    article.refresh_from_db()
    return content.snapshot(article)


def paths(value, path=()):
    """Every place in the snapshot that holds a value, and every list."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*path, key))
        return
    yield path
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths(item, (*path, i))


def changed_value(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        try:
            return (datetime.date.fromisoformat(value) + datetime.timedelta(days=1)).isoformat()
        except ValueError:
            return value + " changed"
    if isinstance(value, list):
        return value[:-1] if value else ["added"]
    raise AssertionError(f"No way to change {value!r}: teach this test, and compare, about it.")


def mutations(data):
    for path in paths(data):
        target = data
        for step in path:
            target = target[step]
        mutations = [changed_value(target)]
        if isinstance(target, list) and len(target) > 1:
            mutations.append(list(reversed(target)))
        for new_value in mutations:
            mutated = copy.deepcopy(data)
            holder = mutated
            for step in path[:-1]:
                holder = holder[step]
            holder[path[-1]] = new_value
            yield path, mutated


def test_every_change_to_the_snapshot_changes_the_fingerprint_and_shows_in_compare(everything):
    assert not shows(compare(everything, copy.deepcopy(everything)))
    tried = set()
    for path, mutated in mutations(everything):
        tried.add(path[0])
        assert content.fingerprint(mutated) != content.fingerprint(everything), path
        assert shows(compare(everything, mutated)), f"Changing {path} does not show in compare"
        assert shows(compare(mutated, everything)), f"Changing {path} back does not show in compare"
    assert tried == set(everything)  # every key the snapshot has


def test_a_stored_version_compares_equal_to_the_same_draft(everything):
    # A JSON column may give the keys back in another order.
    stored = json.loads(json.dumps(everything, sort_keys=True))
    assert all(not c.changed for c in compare(stored, everything))
