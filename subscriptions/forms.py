from django import forms
from django.utils.translation import gettext_lazy as _

from subscriptions.addresses import EmailAddressField
from xrays.forms import caught_robot, robot_trap


class FollowForm(forms.Form):
    # The address as it is stored and mailed (subscriptions/addresses.py).
    email = EmailAddressField(
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
    website = robot_trap()

    def typed_email(self):
        """The address as the reader typed it (trimmed), for "Check your inbox" to repeat:
        a typo shows there as typed, where the stored form (lower case, an
        international domain in ASCII) would hide or garble it."""
        return self.data.get("email", "").strip()

    def is_robot(self):
        return caught_robot(self)
