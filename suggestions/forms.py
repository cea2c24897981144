"""The public form: the link (its shape checked, never fetched), why it matters, and an
optional address. Its messages are for readers, in the page's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from subscriptions.addresses import EmailAddressField
from suggestions import links
from xrays.forms import caught_robot, robot_trap

WHY_MAX_LENGTH = 2000


class SuggestionForm(forms.Form):
    link = forms.CharField(
        label=_("Link to the news story"),
        # Checked here for a clear message; a longer text is kept as typed for the reader to fix.
        strip=True,
        error_messages={"required": _("Please give the link to the news story.")},
        help_text=_("Copy it from your browser's address bar; it starts with https:// or http://."),
    )
    why = forms.CharField(
        label=_("Why it matters to you, or to people like you"),
        max_length=WHY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Please tell us in a few words why this story matters to you."),
            "max_length": _(
                "Please shorten this to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    email = EmailAddressField(
        label=_("Your email address (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only if you would like one email when we have looked at your suggestion."),
    )
    website = robot_trap()

    def clean_link(self):
        return links.checked_link(self.cleaned_data["link"])

    def is_robot(self) -> bool:
        return caught_robot(self)
