"""Refuse requests whose parameters carry control characters.

PostgreSQL cannot store or compare a string holding NUL, so `?q=metastasis%00` used to
end in a server error wherever a parameter reached a query. No reader or editor types
such characters; they come from scanners and broken clients. One check here covers every
view, form and admin page, instead of each remembering to."""

import re

from django.shortcuts import render
from django.utils import translation

from xrays.languages import language_of

# Unicode's control characters (C0, DEL and C1), except tab, line feed and carriage
# return, which textareas legitimately send.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(params):
    """True when any key or value of a QueryDict holds a control character."""
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values)
        for key, values in params.lists()
    )


def control_character_cookies(request):
    """The names of the request's cookies whose name or value holds a control character."""
    return [name for name, value in request.COOKIES.items() if CONTROL_CHARACTERS.search(name + value)]


def lets_through_unchanged(request):
    """True when RefuseControlCharactersMiddleware passes `request` on as it came: no
    control character in its query string, its form or its cookies."""
    return not (
        has_control_characters(request.GET)
        or (request.method == "POST" and has_control_characters(request.POST))
        or control_character_cookies(request)
    )


class RefuseControlCharactersMiddleware:
    """Answer 400 with a short page when a key or value of the query string or of a
    submitted form holds a control character; ignore cookies that hold one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.GET) or (
            request.method == "POST" and has_control_characters(request.POST)
        ):
            # Before LocaleMiddleware: in the address's language, not the thread's last.
            with translation.override(language_of(request.path_info)):
                return render(request, "400.html", status=400)
        # A cookie holding one is ignored rather than refused: the browser would send it
        # again with every request, and a 400 on each would lock the reader out.
        for name in control_character_cookies(request):
            del request.COOKIES[name]
        return self.get_response(request)
