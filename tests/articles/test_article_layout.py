"""The markup of the phone-first article page and home page (issue 18): the kicker names
the entry's type, "At a glance" and the contents fold on the article page but never on
paper, each part links back to the contents, and the header's search form sits in a
block a page can drop. Measured in a browser in tests/e2e/test_phone_layout.py."""

import re

import pytest

from articles.models import EntryType, PublishedVersion
from tests import factories

pytestmark = pytest.mark.django_db


def kicker(html):
    return re.search(r'<p class="kicker">(.*?)</p>', html).group(1)


def test_the_kicker_shows_the_entrys_type(client, publish):
    article = factories.full_article(slug="typed")
    article.entry_type = EntryType.STUDY_REVIEW
    article.save()
    publish(article)
    assert kicker(client.get("/articles/typed/").content.decode()) == "Study review"


def test_an_entry_published_before_types_is_called_an_article_review(client, published_article):
    version = published_article.live_version
    content = {k: v for k, v in version.content.items() if k != "entry_type"}
    PublishedVersion.objects.filter(pk=version.pk).update(content=content)
    assert kicker(client.get(f"/articles/{version.slug}/").content.decode()) == "Article review"


def test_at_a_glance_and_the_contents_fold_on_the_article_page(client, published_article):
    html = client.get(f"/articles/{published_article.slug}/").content.decode()
    glance = html[html.index('<section class="at-a-glance"') : html.index('<nav class="toc"')]
    assert '<details class="glance-details">' in glance and "At a glance:" in glance
    assert '<h2 id="at-a-glance-heading" class="visually-hidden">At a glance</h2>' in glance
    contents = html[html.index('<nav class="toc"') : html.index("</nav>", html.index('<nav class="toc"'))]
    assert '<details class="toc-details">' in contents
    assert re.search(r"Contents <span class=\"toc-count\">\(\d+ parts\)</span>", contents)
    # Each part ends with a way back to the contents and to the top.
    sections = published_article.sections.count()
    assert html.count('<a href="#contents">Contents</a>') >= sections
    assert html.count('<a href="#top">Back to top</a>') >= sections
    assert 'id="top"' in html


def test_the_article_comes_before_its_actions(client, published_article):
    html = client.get(f"/articles/{published_article.slug}/").content.decode()
    first_section = html.index('class="article-section"')
    assert html.index('class="summary"') < first_section < html.index('class="article-actions"')
    assert "Printer friendly page" in html and "Take this to your doctor" in html


def test_the_print_view_shows_at_a_glance_and_the_contents_unfolded(client, published_article):
    html = client.get(f"/articles/{published_article.slug}/print/").content.decode()
    assert "<details" not in html and "<summary" not in html
    assert '<h2 id="at-a-glance-heading">At a glance</h2>' in html
    assert "Back to top" not in html and 'class="article-actions"' not in html


def test_the_visit_sheet_shows_at_a_glance_unfolded(client, published_article):
    html = client.get(f"/articles/{published_article.slug}/visit-sheet/").content.decode()
    glance = html[html.index('<section class="at-a-glance"') :]
    assert '<h2 id="at-a-glance-heading">At a glance</h2>' in glance
    assert "<details" not in glance[: glance.index("</section>")]


def test_the_home_filters_fold_and_stay_open_when_one_is_chosen(client, published_article):
    html = client.get("/").content.decode()
    assert '<details class="filter-box">' in html and "<summary>Filter articles</summary>" in html
    html = client.get("/?type=article_review").content.decode()
    assert '<details class="filter-box" open>' in html and "Filter articles (1 active)" in html


def test_the_header_search_is_a_link_to_the_search_page_and_a_form(client, published_article):
    html = client.get("/").content.decode()
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    assert '<a class="search-toggle" href="/search/"' in header
    assert 'role="search"' in header and 'name="q"' in header
