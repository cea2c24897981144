"""The trap every public form sets for form-filling robots: a field people never see
(hidden by the stylesheet, skipped by Tab, labelled to be left empty for those whose
browsers show it anyway) and robots fill in. A robot is thanked as a person is, and
nothing it sent is kept."""

from django import forms
from django.utils.translation import gettext_lazy as _

ROBOT_TRAP = "website"


def robot_trap() -> forms.CharField:
    """The trap field, declared on a form as `website = robot_trap()`."""
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


def caught_robot(form: forms.Form) -> bool:
    """Whether a valid `form`'s trap was filled in."""
    return bool(form.cleaned_data.get(ROBOT_TRAP))
