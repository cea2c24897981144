"""Citations readers see under an article, in the NLM/Vancouver style, and the rules
that keep one row per source."""

import datetime
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from references.formatting import format_citation
from references.models import Reference, link_for
from tests import factories

pytestmark = pytest.mark.django_db

HARPER_TITLE = "Mechanism of early dissemination and metastasis in Her2+ mammary cancer"
STAT_URL = "https://www.statnews.com/2016/12/14/breast-cancer-metastasis-early/"


class _Parsed(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.links = []  # (href, text)
        self._link = None
        self.text = ""
        self.feed(str(html))
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "a":
            self._link = [dict(attrs).get("href"), ""]

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append(tuple(self._link))
            self._link = None

    def handle_data(self, data):
        self.text += data
        if self._link is not None:
            self._link[1] += data


def harper(**kwargs):
    fields = {
        "authors": "Harper KL\nSosa MS\nEntenberg D",
        "more_authors": True,
        "title": HARPER_TITLE,
        "publication": "Nature",
        "volume": "540",
        "pages": "588-92",
        "published_on": datetime.date(2016, 12, 22),
        "published_online_on": datetime.date(2016, 12, 22),
    }
    return factories.ReferenceFactory(**{**fields, **kwargs})


def stat_story(**kwargs):
    fields = {
        "kind": Reference.Kind.NEWS_STORY,
        "authors": "Begley S",
        "title": "Breast cancer can spread much earlier than thought, studies find",
        "publication": "STAT",
        "volume": "",
        "pages": "",
        "published_on": None,
        "published_online_on": datetime.date(2016, 12, 14),
        "url": STAT_URL,
    }
    return factories.ReferenceFactory(**{**fields, **kwargs})


# --- How a citation reads --------------------------------------------------------------


def test_the_example_journal_article_reads_in_the_house_style():
    assert str(harper().citation_html) == (
        "Harper KL, Sosa MS, Entenberg D, et al. "
        "Mechanism of early dissemination and metastasis in Her2+ mammary cancer. "
        "<cite>Nature</cite>. 2016;540:588-92. "
        "Published online 22 December 2016."
    )


def test_the_parts_of_a_citation_come_in_vancouver_order():
    text = _Parsed(harper(doi="10.1038/nature20609").citation_html).text
    pieces = [
        "Harper KL, Sosa MS, Entenberg D, et al.",
        HARPER_TITLE + ".",
        "Nature.",
        "2016;540:588-92.",
        "Published online 22 December 2016.",
        "doi:10.1038/nature20609",
    ]
    positions = [text.index(piece) for piece in pieces]
    assert positions == sorted(positions), text


def test_a_published_page_formats_the_snapshot_it_was_published_with():
    reference = harper()
    snapshot = reference.as_snapshot()
    reference.title = "A later correction to the title"
    reference.save()
    assert HARPER_TITLE in format_citation(snapshot)
    assert "later correction" not in format_citation(snapshot)


def test_the_issue_number_goes_in_brackets_after_the_volume():
    citation = str(harper(issue="7634").citation_html)
    assert "2016;540(7634):588-92." in citation


def test_a_title_ending_in_a_question_mark_gets_no_extra_full_stop():
    citation = str(harper(title="Does metastasis happen earlier?").citation_html)
    assert "Does metastasis happen earlier? <cite>" in citation
    assert "earlier?." not in citation


def test_more_than_six_authors_shows_the_first_six_then_et_al():
    authors = [
        "Harper KL",
        "Sosa MS",
        "Entenberg D",
        "Hosseini H",
        "Cheung JF",
        "Nobre R",
        "Avivar-Valderas A",
    ]
    citation = str(harper(authors="\n".join(authors), more_authors=False).citation_html)
    assert citation.startswith("Harper KL, Sosa MS, Entenberg D, Hosseini H, Cheung JF, Nobre R, et al. ")
    assert "Avivar-Valderas" not in citation


def test_six_authors_are_all_listed_without_et_al():
    authors = ["Harper KL", "Sosa MS", "Entenberg D", "Hosseini H", "Cheung JF", "Nobre R"]
    citation = str(harper(authors="\n".join(authors), more_authors=False).citation_html)
    assert citation.startswith("Harper KL, Sosa MS, Entenberg D, Hosseini H, Cheung JF, Nobre R. Mechanism")
    assert "et al" not in citation


def test_et_al_follows_the_listed_authors_when_the_editor_ticks_it():
    assert str(harper(authors="Harper KL", more_authors=True).citation_html).startswith("Harper KL, et al. ")
    assert str(harper(authors="Harper KL", more_authors=False).citation_html).startswith("Harper KL. ")


def test_a_doi_links_to_doi_org():
    parsed = _Parsed(harper(doi="10.1038/nature20609").citation_html)
    assert ("https://doi.org/10.1038/nature20609", "10.1038/nature20609") in parsed.links
    assert "doi:10.1038/nature20609" in parsed.text


def test_a_pubmed_id_links_to_pubmed():
    parsed = _Parsed(harper(pubmed_id="27974799").citation_html)
    assert ("https://pubmed.ncbi.nlm.nih.gov/27974799/", "27974799") in parsed.links
    assert "PubMed: 27974799" in parsed.text


def test_a_news_story_shows_its_link():
    citation = str(stat_story().citation_html)
    assert citation == (
        "Begley S. Breast cancer can spread much earlier than thought, studies find. "
        "<cite>STAT</cite>. Published online 14 December 2016. "
        f'<a class="url" href="{STAT_URL}">{STAT_URL}</a>'
    )
    assert _Parsed(citation).links == [(STAT_URL, STAT_URL)]


def test_every_value_is_escaped():
    reference = harper(
        authors="O'Brien <b>A</b>\nSmith & Jones",
        title='<script>alert("title")</script>',
        publication="<i>Nature</i>",
        volume="<b>540</b>",
        pages="1&2",
        doi='10.1/x" onmouseover="alert(1)',
        pubmed_id="<img>",
    )
    citation = str(reference.citation_html)
    parsed = _Parsed(citation)
    assert "<script" not in citation
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in citation
    assert "&lt;i&gt;Nature&lt;/i&gt;" in citation
    assert "Smith &amp; Jones" in citation
    # The only elements are the ones the formatter itself writes.
    assert {tag for tag, _ in parsed.tags} <= {"cite", "a"}
    for tag, attrs in parsed.tags:
        assert set(attrs) <= {"href", "class"}, (tag, attrs)
    # Readers still see the values as typed.
    assert '<script>alert("title")</script>.' in parsed.text
    assert "O'Brien <b>A</b>" in parsed.text


def test_a_doi_with_a_hash_sign_links_to_the_whole_doi():
    doi = "10.1002/(SICI)1097-0142(19980101)82:1<1::AID-CNCR1>3.0.CO;2-#"
    reference = harper(doi=doi)
    for href in [_Parsed(reference.citation_html).links[0][0], reference.link]:
        address = urlsplit(href)
        assert address.fragment == "", href
        assert unquote(address.path) == "/" + doi


# --- Where "Read the original article" goes ----------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"url": STAT_URL, "doi": "10.1038/nature20609", "pubmed_id": "27974799"},
            STAT_URL,
        ),
        (
            {"url": "", "doi": "10.1038/nature20609", "pubmed_id": "27974799"},
            "https://doi.org/10.1038/nature20609",
        ),
        ({"url": "", "doi": "", "pubmed_id": "27974799"}, "https://pubmed.ncbi.nlm.nih.gov/27974799/"),
        ({"url": "", "doi": "", "pubmed_id": ""}, ""),
    ],
    ids=["url-first", "then-doi", "then-pubmed", "nothing"],
)
def test_the_link_prefers_the_url_then_the_doi_then_pubmed(data, expected):
    assert link_for(data) == expected
    assert harper(**data).link == expected


# --- What an editor may save -----------------------------------------------------------


@pytest.mark.parametrize("pubmed_id", ["PMID27974799", "27974799x", "12 34", "abc"])
def test_a_pubmed_id_must_be_a_number(pubmed_id):
    reference = Reference(title="A study", pubmed_id=pubmed_id)
    with pytest.raises(ValidationError) as error:
        reference.clean()
    assert "pubmed_id" in error.value.message_dict


def test_a_pubmed_id_is_trimmed_and_accepted():
    reference = Reference(title="A study", pubmed_id=" 27974799 ")
    reference.clean()
    assert reference.pubmed_id == "27974799"


@pytest.mark.parametrize(
    "typed",
    [
        "https://doi.org/10.1038/nature20609",
        "  https://doi.org/10.1038/nature20609 ",
        "doi:10.1038/nature20609",
    ],
)
def test_a_pasted_doi_address_is_reduced_to_the_doi(typed):
    reference = Reference(title="A study", doi=typed)
    reference.clean()
    assert reference.doi == "10.1038/nature20609"


def test_a_news_story_without_any_link_is_refused():
    reference = Reference(kind=Reference.Kind.NEWS_STORY, title="A story", publication="STAT")
    with pytest.raises(ValidationError) as error:
        reference.clean()
    assert "url" in error.value.message_dict


def test_a_journal_article_may_have_no_link():
    Reference(kind=Reference.Kind.JOURNAL_ARTICLE, title="A study", publication="Nature").clean()


def test_two_references_cannot_share_a_doi():
    harper(doi="10.1038/nature20609")
    with pytest.raises(IntegrityError), transaction.atomic():
        harper(doi="10.1038/nature20609", title="The same study, entered twice")


def test_two_references_cannot_share_a_pubmed_id():
    harper(pubmed_id="27974799")
    with pytest.raises(IntegrityError), transaction.atomic():
        harper(pubmed_id="27974799", title="The same study, entered twice")


def test_many_references_may_have_no_doi_and_no_pubmed_id():
    stat_story(doi="", pubmed_id="")
    stat_story(doi="", pubmed_id="", title="Another story")
    assert Reference.objects.filter(doi="", pubmed_id="").count() == 2
