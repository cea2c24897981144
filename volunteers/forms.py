"""The public "Volunteer as a reviewer" form. What it refuses, it says beside the field
and keeps what was typed; requests carrying control characters never reach it
(xrays/request_checks.py answers them with a 400)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from subscriptions.addresses import EmailAddressField
from volunteers.models import AREAS_LIMIT, NAME_LIMIT, NOTE_LIMIT, ROLE_LIMIT, VolunteerOffer
from xrays.forms import ROBOT_TRAP, caught_robot, robot_trap

KINDS = [
    (VolunteerOffer.Kind.HEALTH_PROFESSIONAL, _("A health professional")),
    (VolunteerOffer.Kind.PATIENT_ADVOCATE, _("A trained patient advocate")),
    (VolunteerOffer.Kind.OTHER, _("Other")),
]


class OneLineField(forms.CharField):
    """Text on one line: line breaks and runs of spaces become one space."""

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class VolunteerForm(forms.Form):
    name = OneLineField(
        label=_("Your name"),
        max_length=NAME_LIMIT,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please give your name.")},
    )
    # As it is stored (subscriptions/addresses.py): an address's offers are found
    # together however it was typed.
    email = EmailAddressField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We use it only to contact you about reviewing."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Please give your email address.")},
    )
    kind = forms.ChoiceField(
        label=_("You are"),
        choices=KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose which describes you.")},
    )
    role = OneLineField(
        label=_("Your role or qualification, and where"),
        max_length=ROLE_LIMIT,
        help_text=_("For example “breast oncologist, Mayo Clinic” or “Project LEAD graduate”."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        error_messages={"required": _("Please say what your role or qualification is, and where.")},
    )
    areas = forms.CharField(
        label=_("Areas of cancer you know"),
        max_length=AREAS_LIMIT,
        help_text=_("For example “breast and ovarian cancer, hereditary risk, BRCA”."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please name the areas of cancer you know.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can review in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one language.")},
    )
    note = forms.CharField(
        label=_("Anything else you would like us to know (optional)"),
        max_length=NOTE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_("XRAYS may store what I wrote here to contact me about reviewing."),
        error_messages={"required": _("Please agree, so that we may keep your offer and contact you.")},
    )
    website = robot_trap()

    def is_robot(self) -> bool:
        return caught_robot(self)

    def reader_fields(self):
        """The fields people see, in order."""
        return [field for field in self if field.name != ROBOT_TRAP]
