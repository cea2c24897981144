from django import forms
from django.utils.translation import gettext_lazy as _

from subscriptions.addresses import UnusableAddress, canonical_email


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[
            ("each", _("An email for each new or updated article")),
            ("weekly", _("A weekly digest")),
        ],
        initial="each",
        required=False,
        widget=forms.RadioSelect,
    )
    # Left empty by people (it is hidden from them, and labelled to leave empty for
    # those whose browsers show it anyway); filled in by form-filling robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_email(self):
        """The address as it is stored and mailed (subscriptions/addresses.py); one no
        email could reach as typed is refused here, with what was typed kept."""
        try:
            return canonical_email(self.cleaned_data["email"])
        except UnusableAddress as error:
            raise forms.ValidationError(str(error), code="unusable") from None

    def typed_email(self):
        """The address as the reader typed it (trimmed), for "Check your inbox" to repeat:
        a typo shows there as typed, where the stored form (lower case, an
        international domain in ASCII) would hide or garble it."""
        return self.data.get("email", "").strip()

    def is_robot(self):
        return bool(self.cleaned_data.get("website"))
