"""A translation is written beside its English source: every text the translator types
has the English it translates next to it, read-only, taken from the English version the
translation was made from (`translated_from.content`), not from the English draft, which
may already hold unreviewed changes.

It works inside the admin's own forms and inlines: a field's widget is wrapped so that
it renders the English beside itself (as Django's RelatedFieldWidgetWrapper wraps a
select), and an inline's formset hands each form the English item it matches (sections
by anchor, the lists by position) through the documented `get_form_kwargs`. CSS
(static/css/admin.css, "side by side") shows two columns where there is room and
stacks the English above the field where there is not (and in the lists' narrow table cells).
"""

from django import forms
from django.conf import settings
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from xrays.sanitize import sanitize_html

SOURCE_LANGUAGE = settings.LANGUAGE_CODE


class WithSource(forms.Widget):
    """`widget`, rendered beside the English text it translates (`source_html`, safe)."""

    def __init__(self, widget, source_html, language):
        self.widget = widget
        self.source_html = source_html
        self.language = language
        super().__init__(attrs=widget.attrs)

    def __deepcopy__(self, memo):
        # Form fields deep-copy their widgets per form: each form keeps its own English.
        copy = super().__deepcopy__(memo)
        copy.widget = self.widget.__deepcopy__(memo)
        return copy

    @property
    def media(self):
        return self.widget.media

    @property
    def is_hidden(self):
        return self.widget.is_hidden

    @property
    def needs_multipart_form(self):
        return self.widget.needs_multipart_form

    def use_required_attribute(self, initial):
        return self.widget.use_required_attribute(initial)

    def id_for_label(self, id_):
        return self.widget.id_for_label(id_)

    def value_from_datadict(self, data, files, name):
        return self.widget.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.widget.value_omitted_from_data(data, files, name)

    def format_value(self, value):
        return self.widget.format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        # The translator's words are in the translation's language: browsers spell-check
        # and read them aloud as such.
        attrs = {**(attrs or {}), "lang": self.language}
        field = self.widget.render(name, value, attrs, renderer)
        return format_html(
            '<div class="xr-side-by-side">'
            '<div class="xr-source" lang="{}"><span class="xr-source-label">English</span>{}</div>'
            '<div class="xr-target" lang="{}">{}</div>'
            "</div>",
            SOURCE_LANGUAGE,
            self.source_html,
            self.language,
            field,
        )


def plain_source(text):
    """Plain English text, as it reads (line breaks kept); "—" when there is none."""
    if not text:
        return mark_safe('<p class="xr-muted">(empty in English)</p>')
    return mark_safe(linebreaks(text, autoescape=True))  # escaped by linebreaks itself


def rich_source(html):
    """Rich English text from a snapshot, as readers read it. Snapshots hold text that
    was sanitised when saved; it goes through the one policy again on the way out."""
    if not html:
        return plain_source("")
    return mark_safe(f'<div class="xr-source-rich">{sanitize_html(html)}</div>')


def put_source_beside(form, source, language, rich=()):
    """Wrap each field of `form` named in `source` ({field: English text}) so that it
    shows the English beside it; fields in `rich` hold sanitised HTML."""
    for name, text in source.items():
        field = form.fields.get(name)
        if field is None or isinstance(field.widget, forms.HiddenInput):
            continue
        html = rich_source(text) if name in rich else plain_source(text)
        field.widget = WithSource(field.widget, html, language)


class SourceItems:
    """The English items of one part of the snapshot (its sections, or one of its
    lists), and how a translator's item finds the one it translates."""

    def __init__(self, items, *, by_anchor=False):
        self.items = list(items or [])
        self.by_anchor = by_anchor
        self.anchors = {item.get("anchor"): item for item in self.items if isinstance(item, dict)}

    def item_for(self, instance, index):
        """The English item that `instance` (the `index`-th of its list) translates."""
        if self.by_anchor:
            anchor = getattr(instance, "anchor", "")
            return self.anchors.get(anchor) if anchor else None
        if index is None or index >= len(self.items):
            return None
        return self.items[index]


class SourceBesideForm(forms.ModelForm):
    """An inline's form that shows the English of the item it translates beside each of
    its `source_fields`, when its formset hands it `source` (a SourceItems)."""

    source_fields: tuple[str, ...] = ()
    rich_fields: tuple[str, ...] = ()

    def __init__(self, *args, source=None, source_index=None, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        if source is None:
            return
        item = source.item_for(self.instance, source_index)
        if item is None:
            # Added in the translation, or the English has no such item.
            return
        if not isinstance(item, dict):  # a flat list keeps each item as its one text
            item = {self.source_fields[0]: item}
        put_source_beside(
            self,
            {name: item.get(name, "") for name in self.source_fields},
            language,
            rich=self.rich_fields,
        )


def source_text(item, fields, rich=()):
    """The English of one item, read-only, for those who only read the translation
    (reviewers): each of `fields` in turn."""
    if item is None:
        return mark_safe('<p class="xr-muted">(not in the English)</p>')
    if not isinstance(item, dict):
        item = {fields[0]: item}
    parts = [
        rich_source(item.get(f, "")) if f in rich else plain_source(item.get(f, ""))
        for f in fields
        if item.get(f)
    ]
    return format_html(
        '<div class="xr-source" lang="{}">{}</div>', SOURCE_LANGUAGE, mark_safe("".join(parts))
    )


def formset_with_source(formset, items, language):
    """`formset` whose forms show the English of `items` (a SourceItems) beside them."""

    class WithSourceFormSet(formset):
        def get_form_kwargs(self, index):
            kwargs = super().get_form_kwargs(index)
            if index is None:  # the blank form behind "Add another": new in the translation
                return kwargs
            return {**kwargs, "source": items, "source_index": index, "language": language}

    WithSourceFormSet.__name__ = formset.__name__
    return WithSourceFormSet


def source_content(article):
    """The English snapshot a translation is written beside: the version it was made
    from. None for an English article."""
    if not article or not article.is_translation or article.translated_from_id is None:
        return None
    return article.translated_from.content
