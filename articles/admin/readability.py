"""How hard an article is to read, for editors: a reading grade for the whole draft and
for each part, its longest sentences, and the medical words it uses without a glossary
entry.

The grade is the Flesch-Kincaid grade level, computed by textstat: it is a US school
grade, the scale of the NIH's advice to write patient material at grade 8 or below, and
the one most editors already know (word processors show it). It depends only on words
per sentence and syllables per word, so it is meaningful for a single short section;
SMOG, the other measure common in health writing, is defined on samples of 30 sentences.
Flesch-Kincaid's weights are English ones: a Spanish draft (a translation) is graded by
Crawford's formula, made for Spanish on the same scale of years at school, with
syllables counted by pyphen's Spanish hyphenation (which textstat itself uses). The
medical-words list is English, so it is not applied to other languages.

Text is read as articles.text reads the snapshot, block by block. Headings, list items
and table cells are sentences of their own: a list of eight symptoms without full stops
is not one 60-word sentence to a reader.
"""

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyphen
import textstat
from django.conf import settings
from django.core.cache import cache

from articles.snapshot import fingerprint
from articles.text import article_text, text_blocks
from glossary.marking import form_key
from glossary.models import GLOSSARY
from glossary.preferences import page_glossary
from xrays import generations

MEDICAL_TERMS_FILE = Path(__file__).parent / "data" / "medical_terms.txt"
# How many of the longest sentences each part lists.
LONGEST = 3

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
# Words that end in a full stop without ending a sentence ("Dr. Ghajar", "e.g. mice").
_ABBREVIATIONS = frozenset(
    "dr drs mr mrs ms prof st vs etc al fig e.g i.e approx jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
LONGEST_WORD = 45  # letters in "pneumonoultramicroscopicsilicovolcanoconiosis"
_OVERLONG_WORD = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")
_ENDS_A_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")


# The blocks of sanitised HTML, as the grade reads them: each a sentence or more.
blocks_of = text_blocks


def _split_sentences(block):
    sentences, start = [], 0
    for end in _SENTENCE_END.finditer(block):
        last_word = block[start : end.start()].rsplit(None, 1)[-1].rstrip(".").casefold()
        if last_word in _ABBREVIATIONS or len(last_word) == 1:  # "Dr.", an initial
            continue
        sentences.append(block[start : end.start()].strip())
        start = end.end()
    sentences.append(block[start:].strip())
    return [s for s in sentences if s]


def sentences_of(blocks):
    return [s for block in blocks for s in _split_sentences(block)]


def plain_text(blocks):
    """The blocks as running text, each ending a sentence, as the grade reads them. A
    "word" longer than any in a dictionary (a pasted address, a run of letters) is cut
    to its first letters: counting its syllables takes seconds for 20,000 letters."""
    text = " ".join(block if _ENDS_A_SENTENCE.search(block) else f"{block}." for block in blocks)
    return _OVERLONG_WORD.sub(lambda match: match.group(0)[:LONGEST_WORD], text)


# The formula each language's drafts are graded by, as the admin names it.
FORMULAS = {"en": "Flesch–Kincaid", "es": "Crawford, for Spanish"}


def formula_of(language):
    return FORMULAS.get(language, FORMULAS[settings.LANGUAGE_CODE])


def measure_of(language):
    """How the change page names a draft's grade: "Flesch–Kincaid grade" in English."""
    return "Flesch–Kincaid grade" if language == "en" else f"Grade ({formula_of(language)})"


def grade(text, language=settings.LANGUAGE_CODE):
    """The grade of plain `text` in `language`, or None when it has no words."""
    words = textstat.lexicon_count(text)
    if not words:
        return None
    if language == "es":
        return crawford_grade(text, words)
    return textstat.flesch_kincaid_grade(text)


@functools.cache
def _spanish_hyphenation():
    return pyphen.Pyphen(lang="es")


_WORD = re.compile(r"[^\W\d_]+")


def crawford_grade(text, words):
    """Crawford's grade (years at school) of Spanish `text` of `words` words:
    -0.205 x sentences per 100 words + 0.049 x syllables per 100 words - 3.407."""
    hyphenation = _spanish_hyphenation()
    syllables = sum(len(hyphenation.positions(word)) + 1 for word in _WORD.findall(text))
    sentences = max(1, textstat.sentence_count(text))
    value = -0.205 * (100 * sentences / words) + 0.049 * (100 * syllables / words) - 3.407
    return round(value, 1)


@functools.cache
def medical_terms():
    lines = MEDICAL_TERMS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


@functools.cache
def _medical_term_pattern():
    by_key = {form_key(term): term for term in medical_terms()}
    # A term ending in a consonant and "y" makes its plural in "ies" ("biopsies").
    by_key |= {key[:-1] + "ies": term for key, term in by_key.items() if _Y_TO_IES.search(key)}
    forms = sorted(by_key, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in form.split()) for form in forms)
    # Plurals in "s" and "es" are found too.
    return re.compile(r"(?<![\w-])(" + alternatives + r")(?:e?s)?(?![\w-])", re.I), by_key


_Y_TO_IES = re.compile(r"[^aeiou\W]y$")


def unexplained_terms(text, glossary=None):
    """The medical terms in `text` that no glossary entry covers, with how often each
    appears, in order of first use. Words a glossary entry marks (any of its forms) are
    taken out first, so a term inside a longer entry ("tumor" in "primary tumor") counts
    as explained there."""
    if glossary is not None and glossary.pattern is not None:
        text = glossary.pattern.sub(" ", text)
    pattern, by_key = _medical_term_pattern()
    counts = {}
    for match in pattern.finditer(text):
        term = by_key[form_key(match.group(1))]
        counts[term] = counts.get(term, 0) + 1
    return list(counts.items())


@dataclass
class Sentence:
    text: str
    words: int
    part: str


@dataclass
class Part:
    """A part of the article (its summary, a section, or the whole draft) as it reads."""

    label: str
    grade: float | None
    words: int
    sentences: list = field(repr=False)
    unexplained: list  # [(term, times used)]
    target: float

    @property
    def longest(self):
        return sorted(self.sentences, key=lambda s: s.words, reverse=True)[:LONGEST]

    @property
    def above_target(self):
        return self.grade is not None and self.grade > self.target


@dataclass
class Report:
    whole: Part
    parts: list
    target: float
    measure: str = "Flesch–Kincaid grade"  # how the grades were worked out (measure_of)


def _part(label, blocks, glossary, target, sentences=None, language=settings.LANGUAGE_CODE):
    text = plain_text(blocks)
    return Part(
        label=label,
        grade=grade(text, language),
        words=textstat.lexicon_count(text),
        sentences=sentences
        if sentences is not None
        else [Sentence(s, textstat.lexicon_count(s), label) for s in sentences_of(blocks)],
        unexplained=unexplained_terms(text, glossary) if language == settings.LANGUAGE_CODE else [],
        target=target,
    )


def _content_parts(content):
    """(label, blocks) of what readers read: the summary, then each section under its heading."""
    text = article_text(content)
    yield "Summary", [text.summary] if text.summary else []
    for section in text.sections:
        yield f"Section: {section.heading}", [section.heading, *section.blocks]


def assess(content, glossary=None, target=None):
    """The reading report of a snapshot (articles.snapshot.snapshot): the whole draft and
    each part. `glossary` (glossary.marking.Glossary) says which terms are explained."""
    target = settings.READING_GRADE_TARGET if target is None else target
    language = content.get("language", settings.LANGUAGE_CODE)
    content_parts = list(_content_parts(content))
    parts = [_part(label, blocks, glossary, target, language=language) for label, blocks in content_parts]
    all_blocks = [block for _label, blocks in content_parts for block in blocks]
    whole = _part(
        "Whole draft",
        all_blocks,
        glossary,
        target,
        sentences=[s for p in parts for s in p.sentences],
        language=language,
    )
    return Report(whole=whole, parts=parts, target=target, measure=measure_of(language))


def content_grade(content):
    """The grade of a whole snapshot, or None for one without words (e.g. no live
    version); kept in the cache under the snapshot's fingerprint."""
    if not content:
        return None
    language = content.get("language", settings.LANGUAGE_CODE)
    return cache.get_or_set(
        f"reading-grade:{fingerprint(content)}",
        lambda: grade(
            plain_text([block for _label, blocks in _content_parts(content) for block in blocks]), language
        ),
        3600,
    )


def draft_report(content, fingerprint):
    """assess() of a draft with the site's glossary, kept in the cache under the draft's
    fingerprint until the glossary changes: the change page is opened far more often
    than the text changes, and a long article takes a second to read."""
    target = settings.READING_GRADE_TARGET
    # A Spanish draft is checked against the Spanish glossary terms.
    language = content.get("language", settings.LANGUAGE_CODE)
    return generations.cached(
        GLOSSARY,
        f"readability:{fingerprint}:{target}:{language}",
        lambda: assess(content, page_glossary(language), target),
    )
