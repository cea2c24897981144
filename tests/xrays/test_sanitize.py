"""The one HTML policy: what an editor's rich text may keep, and what never reaches a reader.

Every hostile input below must come out with nothing a browser could execute: no script,
no event handler, no dangerous link, no element that changes how the rest is parsed.
"""

import re
from html.parser import HTMLParser

import pytest

from articles.models import Section
from tests import factories
from xrays.models import SiteText
from xrays.sanitize import sanitize_html

# Elements that can run code, load content, or change how the following markup is parsed.
DANGEROUS_TAGS = {
    "script",
    "style",
    "img",
    "svg",
    "math",
    "noscript",
    "iframe",
    "frame",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "xmp",
    "title",
    "template",
    "base",
    "meta",
    "link",
    "h1",
}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "xlink:href"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")


class _Parsed(HTMLParser):
    """The output as a browser's tokenizer sees it: tags with decoded attributes,
    comments and other markup declarations."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.comments = []
        self.declarations = []
        self.text = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_decl(self, decl):
        self.declarations.append(decl)

    def unknown_decl(self, data):
        self.declarations.append(data)

    def handle_pi(self, data):
        self.declarations.append(data)


def url_scheme_as_browser_reads(value):
    """Browsers drop leading/trailing controls and spaces and every tab or newline
    before reading a URL's scheme."""
    value = value.strip("".join(chr(c) for c in range(0x21)))
    return re.sub(r"[\t\n\r]", "", value).lower()


def assert_harmless(output):
    lowered = output.lower()
    for marker in ("<script", "<img", "<svg", "<math", "<noscript", "<style", "<iframe", "<!--"):
        assert marker not in lowered, f"{marker!r} survived in {output!r}"
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered), f"event handler survived in {output!r}"

    parsed = _Parsed(output)
    assert parsed.comments == [], output
    assert parsed.declarations == [], output
    for tag, attrs in parsed.tags:
        assert tag not in DANGEROUS_TAGS, f"<{tag}> survived in {output!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{name}= survived in {output!r}"
            assert name != "style", f"style= survived in {output!r}"
            if name in URL_ATTRIBUTES and value is not None:
                assert not url_scheme_as_browser_reads(value).startswith(DANGEROUS_SCHEMES), (
                    f"{name}={value!r} survived in {output!r}"
                )


# --- What editors may write -------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<h2>What the study found</h2><h3>In mice</h3><h4>a</h4><h5>b</h5><h6>c</h6>",
        "<p>Cancer cells <em>can</em> spread <strong>early</strong>.</p>",
        "<ul><li>Ask your doctor</li><li>Bring a friend</li></ul>",
        '<ol start="3"><li>Third step</li></ol>',
        '<p>Read <a href="https://www.nature.com/articles/nature20609" title="The study">the study</a>.</p>',
        '<p><a href="http://example.org/">plain http</a> and <a href="mailto:editors@example.org">write to us</a></p>',
        '<p><a href="/glossary/#metastasis">a page on this site</a></p>',
        '<table><caption>Results</caption><thead><tr><th scope="col">Group</th></tr></thead>'
        '<tbody><tr><td colspan="2">Mice</td></tr></tbody></table>',
        '<blockquote cite="https://www.statnews.com/">"It was a surprise."</blockquote>',
        '<p>HER2<sup>+</sup> and CO<sub>2</sub>, <abbr title="deoxyribonucleic acid">DNA</abbr></p>',
        "<p>5 &lt; 6 &amp; 7 &gt; 6</p>",
    ],
)
def test_formatting_an_editor_uses_is_kept_as_written(html):
    assert sanitize_html(html) == html


def test_empty_text_stays_empty():
    assert sanitize_html("") == ""
    assert sanitize_html(None) == ""


def test_a_page_title_heading_is_reduced_to_its_text():
    # The page has one <h1>, the article title; a body may not add another.
    assert sanitize_html("<h1>Big news</h1><p>Body</p>") == "Big news<p>Body</p>"


def test_style_elements_and_style_attributes_are_removed():
    output = sanitize_html('<p style="position:fixed;top:0">Hello</p><style>body{display:none}</style>')
    assert output.startswith("<p>Hello</p>")
    assert "style=" not in output.lower() and "<style" not in output.lower()
    assert_harmless(output)


def test_script_elements_are_removed():
    output = sanitize_html("<p>Before</p><script>alert(1)</script><p>After</p>")
    assert "<script" not in output.lower()
    assert "<p>Before</p>" in output and "<p>After</p>" in output
    assert_harmless(output)


@pytest.mark.parametrize(
    "html",
    [
        '<p onclick="alert(1)">Text</p>',
        '<a href="https://example.org/" ONMOUSEOVER="alert(1)" OnFocus="alert(1)">Text</a>',
        '<strong onpointerenter="alert(1)">Text</strong>',
        '<table onmouseover="alert(1)"><tr><td onclick="alert(1)">Text</td></tr></table>',
    ],
)
def test_event_handlers_are_removed_and_the_text_kept(html):
    output = sanitize_html(html)
    assert "Text" in output
    assert "alert" not in output
    assert_harmless(output)


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#9;ascript:alert(1)",
        "java\nscript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript&colon;alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
    ],
)
def test_links_that_would_run_code_lose_their_address_but_keep_their_text(href):
    output = sanitize_html(f'<a href="{href}">Click here</a>')
    assert "Click here" in output
    assert_harmless(output)


def test_a_quotation_source_that_would_run_code_is_removed():
    output = sanitize_html('<blockquote cite="javascript:alert(1)">Quote</blockquote>')
    assert output == "<blockquote>Quote</blockquote>"


@pytest.mark.parametrize(
    "html",
    [
        '<iframe src="https://evil.example/"></iframe>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '<form action="https://evil.example/"><input name="password"><button>Go</button></form>',
        '<img src="x" onerror="alert(1)">',
        '<object data="evil.swf"></object><embed src="evil.swf">',
        '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        "<textarea><img src=x onerror=alert(1)></textarea>",
        "<xmp><img src=x onerror=alert(1)></xmp>",
        "<title><img src=x onerror=alert(1)></title>",
        "<script><img src=x onerror=alert(1)></script>",
        "<![CDATA[<img src=x onerror=alert(1)>]]>",
    ],
)
def test_embedded_content_forms_and_images_are_removed(html):
    assert_harmless(sanitize_html(html))


def test_html_comments_are_removed():
    assert sanitize_html("<p>Visible<!-- editor's note: check this --> text</p>") == "<p>Visible text</p>"
    output = sanitize_html("<p>x</p><!--[if IE]><script>alert(1)</script><![endif]-->")
    assert output == "<p>x</p>"


# --- Regressions: every published bleach bypass stays closed ------------------------------


@pytest.mark.parametrize(
    "html",
    [
        pytest.param(
            "<noscript><!--</noscript><img src=x onerror=alert(1)>-->",
            id="CVE-2020-6802-noscript-comment",
        ),
        pytest.param(
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
            id="CVE-2020-6802-noscript-attribute",
        ),
        pytest.param(
            "<math><style><img src=x onerror=alert(1)></style></math>",
            id="CVE-2020-6816-math-style",
        ),
        pytest.param(
            "<svg><style><img src=x onerror=alert(1)></style></svg>",
            id="CVE-2020-6816-svg-style",
        ),
        pytest.param(
            "<math><mi><style><img src=x onerror=alert(1)></style></mi></math>",
            id="CVE-2020-6816-math-mi-style",
        ),
        pytest.param(
            "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
            id="CVE-2020-6816-svg-p-style",
        ),
        pytest.param(
            '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
            id="CVE-2021-23980-svg-p-style",
        ),
        pytest.param(
            '<math></p><style><a id="</style><img src=1 onerror=alert(1)>">',
            id="CVE-2021-23980-math-p-style",
        ),
        pytest.param(
            '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
            id="mglyph-style-comment-mutation",
        ),
    ],
)
def test_known_bleach_bypasses_produce_nothing_that_can_run(html):
    output = sanitize_html(html)
    assert_harmless(output)
    # Cleaning is stable: what is stored cleans to itself, so no second pass mutates it.
    assert sanitize_html(output) == output


# --- Everything an editor saves is stored sanitised ----------------------------------------

HOSTILE_BODY = (
    '<p onclick="alert(1)" style="color:red">Cancer cells <em>can</em> spread early.</p>'
    "<script>alert(1)</script>"
    '<img src=x onerror="alert(1)">'
    '<p><a href="javascript:alert(1)">link</a></p>'
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'
    "<!-- hidden -->"
)


@pytest.mark.django_db
def test_an_article_section_is_stored_sanitised():
    section = factories.SectionFactory(body=HOSTILE_BODY)
    section.refresh_from_db()
    assert section.body.startswith("<p>Cancer cells <em>can</em> spread early.</p>")
    assert_harmless(section.body)


@pytest.mark.django_db
def test_an_edited_article_section_is_sanitised_again():
    section = factories.SectionFactory(body="<p>Fine.</p>")
    section.body = HOSTILE_BODY
    section.save()
    assert_harmless(Section.objects.get(pk=section.pk).body)


@pytest.mark.django_db
def test_site_text_is_stored_sanitised():
    text = SiteText.objects.create(
        key=SiteText.DISCLOSURE,
        body="<p>XRAYS is <strong>independent</strong>.</p><script>alert(1)</script><img src=x onerror=alert(1)>",
    )
    text.refresh_from_db()
    assert text.body.startswith("<p>XRAYS is <strong>independent</strong>.</p>")
    assert_harmless(text.body)
    # What every article page shows is the stored, sanitised text.
    assert SiteText.all_texts()[SiteText.DISCLOSURE] == text.body
