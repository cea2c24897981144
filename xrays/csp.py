"""The admin's Content-Security-Policy.

Public pages carry no inline script or style, so they get the strict SECURE_CSP. The
admin's rich-text editor (the django-prose-editor library) needs one inline script, its
import map; the admin policy allows exactly that script by its hash and no other inline
script. The hash is taken from the library's own import map, which is the same whatever
editor configuration an app chooses."""

import base64
import functools
import hashlib
import re

from django.conf import settings
from django.utils.csp import CSP

_IMPORTMAP = re.compile(r'<script type="importmap"[^>]*>(.*?)</script>', re.S)


@functools.cache
def editor_importmap_source():
    from django_prose_editor.widgets import importmap

    match = _IMPORTMAP.search(str(importmap))
    if match is None:
        return None
    digest = hashlib.sha256(match.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def admin_policy():
    policy = dict(settings.SECURE_CSP)
    allowed = editor_importmap_source()
    if allowed:
        policy["script-src"] = [CSP.SELF, allowed]
    # The editor positions its menus with style attributes. Inline styles cannot run
    # code; scripts stay locked down.
    policy["style-src"] = [CSP.SELF, CSP.UNSAFE_INLINE]
    return policy


class AdminContentSecurityPolicyMiddleware:
    """Gives admin responses the admin policy. Sits after Django's CSP middleware in
    MIDDLEWARE, so it sets the policy before that middleware writes the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = admin_policy()
        return response
