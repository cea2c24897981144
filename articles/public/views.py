"""The pages readers meet: home, an article, its printer-friendly page, search, and an
audience's listing. Each is built from live versions only and cached whole
(xrays.page_cache), except search results, which no cache keeps: what someone searched
for about their health is theirs. Staff previews render the same templates from
articles.page."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from articles.models import PublishedVersion
from articles.page import article_context, reading_language_context, serves_live_version
from articles.public.facets import CountedPaginator, count_facets, facets_of
from articles.public.filters import AUDIENCE_QUERY, FILTER_QUERY, ListingFilters, listing_year
from articles.public.search import MAX_QUERY_LENGTH, count_matches, search_page
from articles.public.visit_sheet import terms_in
from articles.text import article_text
from audiences.models import Audience
from glossary.preferences import glossary_enabled
from xrays.page_cache import keep_nowhere, public_page

PAGE_SIZE = 10


def listing(versions):
    return versions.prefetch_related("relevant_for", "also_relevant_for")


def readers_versions():
    """The live versions offered to readers of the active language: theirs, and English
    ones of articles not yet translated into it (each card says so)."""
    return PublishedVersion.objects.live().for_readers_of(
        translation.get_language() or settings.LANGUAGE_CODE
    )


def as_the_site_writes(request, filters, page):
    """Whether a listing was asked for at an address the site itself writes: its
    filters (audience included) as the form and links write them, and the page number
    of the page shown (not one past the last, nor "01"). Others get the same page, kept
    nowhere (xrays.page_cache.keep_nowhere)."""
    pages = request.GET.getlist("page")
    return filters.as_the_site_writes(request) and pages in ([], [str(page.number)])


def in_this_year(request):
    """The year "this year" means, part of a listing's cache key: its filter form counts
    this year's and last year's articles (articles.public.filters.listing_year)."""
    return str(listing_year())


def filtered_page(request, versions, filters, keep_as):
    """The page of `versions` the filters let through, and the filter form's values
    with their counts (articles.public.facets), which also give the paginator its count."""
    facets = count_facets(versions, filters, keep_as=keep_as)
    paginator = CountedPaginator(listing(filters.apply(versions)), PAGE_SIZE, facets.total)
    return paginator.get_page(request.GET.get("page")), facets


@require_safe
@public_page(query=(*AUDIENCE_QUERY, "page", *FILTER_QUERY), vary_on=in_this_year)
def home(request):
    versions = readers_versions().order_by("-posted_on", "-published_at")
    # An audience the site does not know is left out with a word, as an unknown type is.
    filters = ListingFilters.from_request(request, audience=True)
    page, facets = filtered_page(request, versions, filters, keep_as="home")
    response = render(
        request,
        "articles/home.html",
        {
            "page_obj": page,
            "audience": filters.audience,
            "filters": filters,
            "facets": facets,
            "query_string": urlencode(filters.all_items()),
        },
    )
    if not as_the_site_writes(request, filters, page):
        keep_nowhere(response)
    return response


def on_this_day(request):
    """The site's date today, part of an article page's cache key. The page says when its
    review is due and, from that day, that it is being checked again (articles.review_dates):
    nobody acts on the day an article falls due, so no content generation goes up then.
    Keyed by the day, each article page is built afresh once a day and a hit still costs
    no query; a re-confirmation bumps the generation, so it shows at once."""
    return timezone.localdate().isoformat()


def article_page_variant(request):
    return f"{on_this_day(request)}:{glossary_enabled(request)}"


@require_safe
@public_page(vary_on=article_page_variant, vary_headers=["Cookie"])
@serves_live_version("articles:detail")
def article_detail(request, version):
    glossary_on = glossary_enabled(request)
    context = article_context(request, version.content, version=version, glossary_on=glossary_on)
    context.update(reading_language_context(version, "articles:detail"))
    response = render(request, "articles/article_detail.html", context)
    response["Vary"] = "Cookie"
    return response


@require_safe
@public_page(vary_on=on_this_day)
@serves_live_version("articles:print")
def article_print(request, version):
    context = article_context(request, version.content, version=version, glossary_on=False)
    context.update(reading_language_context(version, "articles:print"))
    # The print view lists the terms used, with definitions, at the end.
    context["glossary_terms"] = terms_in(article_text(version.content).section_blocks, version.language)
    # Paper prints each address once: the header names the original story and sends the
    # reader to its numbered reference, whose entry prints the address.
    context["original_story"] = next(
        (
            {**ref, "number": number}
            for number, ref in enumerate(context["page"].references, start=1)
            if ref["is_original_story"] and ref["link"]
        ),
        None,
    )
    return render(request, "articles/article_print.html", context)


@require_safe
# No cache keeps a search, the site's nor nginx's nor the browser's: a kept search
# would tell the next reader, and its Last-Modified when, that someone searched for
# "metastasis stage 4 prognosis". Every search is built, and counted by the throttle.
@never_cache
@ratelimit(key="ip", rate=lambda group, request: settings.SEARCH_RATE, method=("GET", "HEAD"), block=True)
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    words = [("q", query)] if query else []
    filters = ListingFilters.from_request(request, audience=True, keep=words)
    results = unfiltered_count = None
    facets = facets_of(filters)
    # Filters alone list the newest articles they let through.
    if query or filters.chosen:
        results = search_page(query, request.GET.get("page"), PAGE_SIZE, filters=filters, facets=True)
        facets = results.facets
        if query and filters.chosen and not results.paginator.count:
            unfiltered_count = count_matches(query)
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "page_obj": results,
            "filters": filters,
            "facets": facets,
            "clear_links": filters.clear_links(),
            "clear_all": urlencode(words),
            "without_words": urlencode(filters.all_items()),
            "unfiltered_count": unfiltered_count,
            "query_string": urlencode(words + filters.all_items()),
        },
    )


@require_safe
@public_page(query=("page", *FILTER_QUERY), vary_on=in_this_year)
def audience_detail(request, slug):
    """Articles relevant (or also relevant) for one audience, newest first.
    Lives here rather than in `audiences`, which knows nothing of articles."""
    audience = get_object_or_404(Audience, slug=slug)
    versions = readers_versions().relevant_for(audience).order_by("-posted_on", "-published_at")
    filters = ListingFilters.from_request(request)
    page, facets = filtered_page(request, versions, filters, keep_as=f"audience:{audience.pk}")
    response = render(
        request,
        "audiences/detail.html",
        {
            "audience": audience,
            "page_obj": page,
            "filters": filters,
            "facets": facets,
            "query_string": urlencode(filters.query_items()),
        },
    )
    if not as_the_site_writes(request, filters, page):
        keep_nowhere(response)
    return response
