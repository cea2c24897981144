"""Multi-line text as browsers send it back.

A browser submits a textarea with every line break written CR LF (the HTML standard's
"normalised" form value), whatever the text held when the page was rendered. Stored
text mostly has LF, so Django's `CharField` would find every multi-line text "changed"
on a save that changed nothing: the admin's History then named sections and ratings
nobody touched, and the save wrote them again. `TextareaField.has_changed()` reads
every line break alike, so it compares what the person wrote with what is stored, and
a real change is still a change. The text itself is kept as sent.

Admins give it to their model text fields through the documented hook:
`formfield_overrides = TEXTAREA_FIELDS`."""

from django import forms
from django.db import models


def unix_line_breaks(text: str) -> str:
    """`text` with each CR LF, or lone CR, written LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TextareaField(forms.CharField):
    def has_changed(self, initial, data):
        def same_breaks(text):
            return unix_line_breaks(text) if isinstance(text, str) else text

        return super().has_changed(same_breaks(initial), same_breaks(data))


# For a ModelAdmin's or an inline's `formfield_overrides`: every TextField of the model
# (the widget stays the one the admin or the form's Meta chooses).
TEXTAREA_FIELDS = {models.TextField: {"form_class": TextareaField}}
