"""The form readers answer: one field per question asked, each validated for its kind.

Field names are `q<question id>`. Anything that is not a plain answer is refused with a
message beside its question: a choice that is not one of the question's, a rating off
the scale, text over its limit, the same question sent twice, a required question left
unanswered. Nothing is stored unless every answer is valid (see `record_response`).

Questions, hints, scale labels and choices are in the reader's language, or in English
marked as such where the editor left the Spanish empty (xrays/languages.py)."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from surveys.models import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, Question
from xrays.forms import ROBOT_TRAP, caught_robot, robot_trap
from xrays.languages import localized

NOT_A_CHOICE = gettext_lazy("That is not one of the answers to this question. Choose one of those shown.")
TWICE = gettext_lazy("This question was answered more than once. Answer it once.")


def field_name(question):
    return f"q{question.pk}"


def rating_label(question, value):
    for end, field in ((question.scale_min, "scale_min_label"), (question.scale_max, "scale_max_label")):
        label = localized(question, field)
        if value == end and label:
            return format_html("{} ({})", value, label.marked())
    return str(value)


def field_for(question):
    help_text = localized(question, "help_text")
    common = {
        "label": localized(question, "text").marked(),
        "required": question.required,
        "help_text": help_text.marked() if help_text else "",
    }
    required_message = {"required": _("Please answer this question.")}
    kind = question.kind
    if kind == Question.Kind.RATING:
        low, high = question.scale_min, question.scale_max
        return forms.TypedChoiceField(
            choices=[(n, rating_label(question, n)) for n in question.scale],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                **required_message,
                "invalid_choice": _("Choose a rating from %(low)d to %(high)d.") % {"low": low, "high": high},
            },
            **common,
        )
    if kind == Question.Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
            error_messages={**required_message, "invalid_choice": _("Answer yes or no.")},
            **common,
        )
    if kind in Question.CHOICE_KINDS:
        choices = [(str(c.pk), localized(c, "text").marked()) for c in question.choices.all()]
        messages = {**required_message, "invalid_choice": NOT_A_CHOICE}
        if kind == Question.Kind.SINGLE:
            return forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, error_messages=messages, **common
            )
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={**messages, "invalid_list": NOT_A_CHOICE},
            **common,
        )
    limit = SHORT_TEXT_LIMIT if kind == Question.Kind.SHORT_TEXT else LONG_TEXT_LIMIT
    return forms.CharField(
        max_length=limit,
        widget=forms.TextInput if kind == Question.Kind.SHORT_TEXT else forms.Textarea(attrs={"rows": 5}),
        error_messages={
            **required_message,
            "max_length": _(
                "Please shorten this answer to %(limit_value)d characters or fewer (it has %(show_value)d)."
            ),
        },
        **common,
    )


class SurveyForm(forms.Form):
    website = robot_trap()

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = field_name(question)
            field = self.fields[name] = field_for(question)
            field.question = question
            if question.help_text:
                field.widget.attrs["aria-describedby"] = f"{name}-help"

    def clean(self):
        cleaned = super().clean()
        if self.data is not None and hasattr(self.data, "getlist"):
            for question in self.questions:
                name = field_name(question)
                values = self.data.getlist(name)
                if len(values) > 1 and (
                    question.kind != Question.Kind.MULTIPLE or len(set(values)) < len(values)
                ):
                    self.add_error(name, TWICE)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        # Tie each error to its field, for screen readers: the field says it is invalid
        # and points at its message (and its hint).
        for name in self.errors:
            if name in self.fields and name != ROBOT_TRAP:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = " ".join(
                    part for part in (attrs.get("aria-describedby"), f"{name}-error") if part
                )

    @property
    def is_from_a_bot(self):
        return caught_robot(self)

    def question_fields(self):
        return [self[field_name(q)] for q in self.questions]

    def answers(self):
        """[(question, value)] of the valid form, skipping questions left empty."""
        result = []
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value in (None, "", []):
                continue
            result.append((question, value))
        return result
