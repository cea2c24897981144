"""The public form: the link (its shape checked, never fetched), why it matters, and an
optional address. Its messages are for readers, in the page's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from subscriptions.addresses import UnusableAddress, canonical_email
from suggestions import links

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
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only if you would like one email when we have looked at your suggestion."),
    )
    # Left empty by people (hidden from them, and labelled to leave empty for those whose
    # browsers show it anyway); filled in by form-filling robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_link(self):
        return links.checked_link(self.cleaned_data["link"])

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        if not email:
            return ""
        try:
            return canonical_email(email)
        except UnusableAddress as error:
            raise forms.ValidationError(str(error), code="unusable") from None

    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())
