"""What readers see on each public page."""

import datetime
import io
import re

import pytest
from django.core.management import call_command

from articles import workflow
from tests import factories

pytestmark = pytest.mark.django_db

DEMO_URL = "/articles/does-metastasis-happen-earlier/"


@pytest.fixture
def demo(db):
    call_command("load_demo", "--allow-production", stdout=io.StringIO())


def text_of(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_article_page_has_every_element_of_the_example_page(client, demo):
    response = client.get(DEMO_URL)
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert "<h1" in html and "Does metastasis happen earlier than previously thought?" in text
    assert "Posted 28 March 2017" in text
    assert "Read the original article" in text
    assert "https://www.statnews.com/" in html
    assert "Printer friendly page" in text and f'href="{DEMO_URL}print/"' in html
    # Table of contents, built from the sections and the non-empty lists.
    for label, anchor in [
        ("Theory on how cancer spreads", "how-scientists-believe-cancers-spread"),
        ("What if metastasis can happen earlier?", None),
        ("Studying how metastasis happens", None),
        ("What does this mean for me?", "what-do-these-results-mean-for-me"),
        ("Questions to ask your doctor", "questions"),
        ("Clinical trials", "trials"),
        ("Guidelines", "guidelines"),
        ("Resources", "resources"),
    ]:
        assert label in text
        if anchor:
            assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
    # The four doctor questions and the four warning signs by organ.
    for question in [
        "What signs and symptoms should I watch for",
        "have both my primary tumor and my metastatic tumor had tumor testing?",
        "What are the best ways to monitor me for a relapse?",
        "What are the signs or symptoms that my breast cancer has come back?",
    ]:
        assert question in text
    for organ in ["bone", "brain", "lungs", "liver"]:
        assert f"spread to the {organ}" in text
    # References, with the correct names.
    for citation in [
        "Begley S.",
        "Ghajar CM, Bissell MJ. Metastasis: pathways of parallel progression.",
        "Harper KL, Sosa MS, Entenberg D, et al. Mechanism of early dissemination and metastasis in Her2+ mammary cancer.",
        "Hosseini H, Obradovic M, Hoffmann M, et al. Early dissemination seeds metastasis in breast cancer.",
    ]:
        assert citation in text
    assert "540:588-92" in text and "540:552-558" in text and "540:528-529" in text
    assert "Bergley" not in text and "Chajar" not in text and "Bissel " not in text
    # Audiences: two relevant for, two also relevant for, each a link to its page.
    assert "This article is relevant for:" in text
    assert "This article is also relevant for:" in text
    for name, slug in [
        ("people with breast cancer", "people-with-breast-cancer"),
        ("people with HER2-positive cancer", "people-with-her2-positive-cancer"),
        ("men with breast cancer", "men-with-breast-cancer"),
        ("people with metastatic or advanced cancer", "people-with-metastatic-or-advanced-cancer"),
    ]:
        assert name in text and f'href="/audiences/{slug}/"' in html
    # Site-wide disclosure, editable text.
    assert "written independently of any sponsor" in text
    assert "Back to XRAYS home" in text
    # Glossary terms marked.
    assert 'href="/glossary/#metastasis"' in html


def test_disclosure_is_site_text_editors_change(client, demo):
    from xrays.models import SiteText

    text = SiteText.objects.get(key=SiteText.DISCLOSURE)
    text.body = "<p>New disclosure wording.</p>"
    text.save()
    assert "New disclosure wording." in client.get(DEMO_URL).content.decode()


def test_print_view_has_no_navigation_and_lists_glossary_terms(client, demo):
    response = client.get(f"{DEMO_URL}print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' not in html
    assert "Words used in this article" in html
    assert "<dt>metastasis</dt>" in html
    assert "term-link" not in html  # plain words in print
    assert "Hosseini H, Obradovic M" in html
    assert "https://www.statnews.com/" in html  # the original article's address, printed in full


def test_home_lists_newest_first_with_summary_dates_and_audiences(client, publish):
    old = factories.full_article(title="An older review", posted_on=datetime.date(2020, 1, 1))
    new = factories.full_article(title="A newer review", posted_on=datetime.date(2024, 1, 1))
    publish(old)
    publish(new)
    text = text_of(client.get("/"))
    assert text.index("A newer review") < text.index("An older review")
    assert "Posted 1 January 2024" in text
    assert "A short, plain summary" in text
    assert "relevant audience 0" in text


def test_home_filters_by_audience_and_paginates(client, publish):
    audience = factories.AudienceFactory(name="people with lung cancer")
    for i in range(12):
        article = factories.full_article(title=f"Lung review {i:02}", posted_on=datetime.date(2020, 1, i + 1))
        article.relevant_for.add(audience)
        publish(article)
    other = factories.full_article(title="A skin cancer review")
    publish(other)

    first = client.get("/?audience=people-with-lung-cancer")
    text = text_of(first)
    assert "A skin cancer review" not in text
    assert "Lung review 11" in text and "Lung review 01" not in text
    assert "page=2" in first.content.decode() and "audience=people-with-lung-cancer" in first.content.decode()
    second = text_of(client.get("/?audience=people-with-lung-cancer&page=2"))
    assert "Lung review 01" in second and "Lung review 00" in second
    # An audience the site does not know is answered as an unknown filter is (issue 18).
    unknown = client.get("/?audience=nobody")
    assert unknown.status_code == 200 and "We do not know the filter “nobody”" in unknown.text


def test_audience_page_lists_its_articles_newest_first(client, publish):
    audience = factories.AudienceFactory(name="men with breast cancer", description="Rare, but real.")
    a = factories.full_article(title="First", posted_on=datetime.date(2019, 1, 1))
    b = factories.full_article(title="Second", posted_on=datetime.date(2021, 1, 1))
    a.relevant_for.add(audience)
    b.also_relevant_for.add(audience)
    draft = factories.full_article(title="Unpublished draft")
    draft.relevant_for.add(audience)
    publish(a)
    publish(b)
    response = client.get("/audiences/men-with-breast-cancer/")
    text = text_of(response)
    assert "Rare, but real." in text
    assert text.index("Second") < text.index("First")
    assert "Unpublished draft" not in text
    assert client.get("/audiences/unknown/").status_code == 404


def test_unknown_and_unpublished_articles_are_404_with_a_friendly_page(client):
    draft = factories.full_article(slug="a-draft")
    response = client.get(f"/articles/{draft.slug}/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert client.get("/articles/no-such-article/").status_code == 404


def test_update_dates_come_from_published_versions(client, publish):
    article = factories.full_article(posted_on=datetime.date(2017, 3, 28))
    publish(article)
    section = article.sections.first()
    section.body = "<p>Corrected.</p>"
    section.save()
    publish(article, change_summary="Corrected a figure")
    text = text_of(client.get(f"/articles/{article.slug}/"))
    assert "Posted 28 March 2017" in text
    assert "Updated" in text and "Corrected a figure" in text


def test_rich_text_is_rendered_only_from_the_sanitised_value(client, publish):
    article = factories.ArticleFactory()
    factories.SectionFactory(article=article, body='<p onclick="x()">Safe <script>alert(1)</script></p>')
    publish(article)
    html = client.get(f"/articles/{article.slug}/").content.decode()
    assert "<script>alert" not in html and "onclick" not in html


def test_pages_carry_no_inline_script_or_style_and_a_strict_csp(client, demo):
    response = client.get(DEMO_URL)
    html = response.content.decode()
    assert "<style" not in html and " style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp


def test_withdrawn_then_republished_article_comes_back(client, published_article, editor, publish):
    workflow.withdraw(published_article, by=editor)
    section = published_article.sections.first()
    section.body = "<p>Revised after withdrawal.</p>"
    section.save()
    publish(published_article)
    assert client.get(f"/articles/{published_article.slug}/").status_code == 200
