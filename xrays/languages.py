"""Which language an address is in, known before LocaleMiddleware runs.

The readers' pages are in i18n_patterns with prefix_default_language off (xrays/urls.py):
/es/… is Spanish and every address without a prefix is English, whatever the reader's
browser asks for (Accept-Language) or a cookie says. LocaleMiddleware activates that
language, but only when the request reaches it: the page cache and the check of bad
requests answer earlier (settings.MIDDLEWARE), when the thread's active language is
still whatever its previous request left. They ask here instead.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def language_of(path_info: str) -> str:
    """The language LocaleMiddleware gives this address: its prefix's, or English."""
    return translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE


class LanguageFromAddressMiddleware(LocaleMiddleware):
    """LocaleMiddleware, without `Vary: Accept-Language` on addresses without a prefix.

    It adds that header because, in general, such an address may be served in the
    browser's language. Here it never is (prefix_default_language is off: no prefix is
    English), and nginx and browsers keep one copy of a page per distinct header a
    browser sends when a page varies on it: more misses, for pages that are the same."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            named = (h.strip() for h in response["Vary"].split(","))
            kept = [h for h in named if h and h.lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
