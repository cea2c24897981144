"""Forms of the editorial admin: the article form that refuses stale saves, and the
small forms behind each workflow button."""

import datetime
import re
import zoneinfo

from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles.admin.side_by_side import SourceBesideForm, put_source_beside
from articles.models import LIST_PARTS, Article, EmailPreference, Section
from articles.workflow import check_publish_time
from articles.workflow.superseding import check_newer
from audiences.models import Audience
from xrays.dates import long_date_time, short_date, site_time_zone
from xrays.rich_text import RichTextWidget


class AudienceChoiceField(forms.ModelMultipleChoiceField):
    """Audiences are a list editors pick from (typing to find one); taggit's free-text
    box would split "people with breast cancer" into four tags."""

    def __init__(self, label, **kwargs):
        super().__init__(queryset=Audience.objects.all(), required=False, label=label, **kwargs)


class ArticleForm(forms.ModelForm):
    relevant_for = AudienceChoiceField("This article is relevant for")
    also_relevant_for = AudienceChoiceField("This article is also relevant for")
    # The revision the editor started from: a save on top of someone else's is refused.
    edit_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "entry_type",
            "summary",
            "posted_on",
            "relevant_for",
            "also_relevant_for",
            "review_interval_months",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_revision"].initial = self.instance.revision
        from django.contrib import admin

        for name in ("relevant_for", "also_relevant_for"):
            if name not in self.fields:  # a translation shares its source's audiences
                continue
            field = self.fields[name]
            field.widget = AutocompleteSelectMultiple(Article._meta.get_field(name), admin.site)
            field.widget.choices = field.choices

    def clean_edit_revision(self):
        value = self.cleaned_data.get("edit_revision")
        if self.instance.pk and value is None:
            raise forms.ValidationError(
                "This form is out of date: reload the page and make your change again."
            )
        return value

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("relevant_for") or []) & set(cleaned.get("also_relevant_for") or [])
        if both:
            names = ", ".join(sorted(a.name for a in both))
            self.add_error("also_relevant_for", f"Already listed as relevant for: {names}. Pick one list.")
        self.refuse_stale_save(cleaned.get("edit_revision"))
        return cleaned

    def refuse_stale_save(self, started_from):
        if not self.instance.pk or started_from is None:
            return
        # Locked until the admin's transaction ends, so two saves cannot both pass.
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("last_edited_by")
            .get(pk=self.instance.pk)
        )
        if current.revision == started_from:
            return
        who = current.last_edited_by
        name = (who.get_full_name() or who.get_username()) if who else "Someone"
        when = long_date_time(current.last_edited_at) if current.last_edited_at else ""
        # A second save is then a choice the editor makes knowingly.
        data = self.data.copy()
        data[self.add_prefix("edit_revision")] = str(current.revision)
        self.data = data
        raise forms.ValidationError(
            f"{name} changed this article on {when}, after you opened it. Nothing was saved. "
            "Your text is still in the form below: open the article in another tab to see their "
            "changes, and save again only if yours should replace them.",
            code="edit_conflict",
        )


class TranslationForm(ArticleForm):
    """The form of a translation: its own words and address. What it shares with its
    English source (entry type, audiences; ratings and references are inlines) is not in
    it: the admin shows those read-only. `source` is the English snapshot it is written
    beside (set by ArticleAdmin.get_form)."""

    relevant_for = None
    also_relevant_for = None
    source: dict | None = None

    class Meta(ArticleForm.Meta):
        fields = ["title", "slug", "summary", "posted_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.source is not None:
            put_source_beside(
                self,
                {"title": self.source.get("title", ""), "summary": self.source.get("summary", "")},
                self.instance.language,
            )


class SectionForm(SourceBesideForm):
    source_fields = ("heading", "toc_label", "body")
    rich_fields = ("body",)

    class Meta:
        model = Section
        fields = ["order", "heading", "toc_label", "anchor", "body"]
        widgets = {"body": RichTextWidget}


def list_item_form(part):
    """The form of one of the fixed lists' items: its English beside each field."""
    return type(f"{part.key}_form", (SourceBesideForm,), {"source_fields": part.fields})


LIST_ITEM_FORMS = {part.key: list_item_form(part) for part in LIST_PARTS}


class ApproveForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # The fingerprint of the draft the reviewer was shown: a later edit refuses the approval.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)


class ReconfirmForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What needs to change",
        error_messages={"required": "Say what needs to change, so the author knows what to do."},
    )


class PublicationForm(forms.Form):
    """What the editor says when publishing (now or later): what changed, and whether
    the page's followers should hear of it."""

    takes_article = True  # admin_views.step_form hands it the article

    change_summary = forms.CharField(
        max_length=300,
        required=False,
        label="What changed (shown to readers in the update history and in the email to followers)",
    )
    notify_subscribers = forms.BooleanField(required=False, label="Notify followers of this page")

    def __init__(self, *args, article=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.is_update = bool(article and article.live_version_id)
        # Followers of a page want to hear of its updates; a first publication reaches
        # followers of its audiences and of the whole site, so the editor decides.
        self.fields["notify_subscribers"].initial = self.is_update
        if not self.is_update:
            self.fields["change_summary"].label = "What changed (leave empty for a first publication)"
            self.fields[
                "notify_subscribers"
            ].label = "Notify followers of its audiences and of the whole site"

    def clean(self):
        cleaned = super().clean()
        if (
            self.is_update
            and cleaned.get("notify_subscribers")
            and not cleaned.get("change_summary", "").strip()
        ):
            self.add_error(
                "change_summary",
                "Say what changed: followers get it in their email. Or untick “Notify followers”.",
            )
        return cleaned


class PublishForm(PublicationForm):
    pass


class ScheduleForm(PublicationForm):
    """The time is read in the zone the editor's browser reports (a small script fills
    `time_zone`), or without JavaScript in the site's zone; the field says which."""

    time_zone = forms.CharField(
        widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""}), required=False
    )
    publish_at = forms.DateTimeField(
        label="Publish later, on",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    field_order = ["time_zone", "publish_at", "change_summary", "notify_subscribers"]

    class Media:
        js = ["js/time_zone.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone, site = self.entered_zone() or site_time_zone(), site_time_zone()
        # The script (Media) writes the browser's zone into both spans.
        self.fields["publish_at"].help_text = format_html(
            'Time in <span data-time-zone-name="">{}</span><span data-time-zone-remark="{}">{}</span>.',
            zone,
            site,
            " (the site's time zone)" if zone == site else " (your computer's time zone)",
        )

    def entered_zone(self) -> str:
        """The zone the browser sent, if it is one we know; "" for the site's zone."""
        zone = (self.data.get(self.add_prefix("time_zone")) or "").strip()
        return zone if zone in zoneinfo.available_timezones() else ""

    def full_clean(self):
        # The typed time means a time in the editor's zone: read it there.
        with timezone.override(self.entered_zone() or site_time_zone()):
            super().full_clean()

    def clean_time_zone(self):
        zone = self.cleaned_data["time_zone"].strip()
        if zone and zone not in zoneinfo.available_timezones():
            raise forms.ValidationError(
                f"Your browser gave a time zone this site does not know ({zone[:64]}). "
                f"Nothing was scheduled: try again, giving the time in {site_time_zone()}."
            )
        return zone or site_time_zone()

    def clean_publish_at(self):
        return check_publish_time(self.cleaned_data["publish_at"])


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why (kept on the record)",
        error_messages={"required": "Give the reason for withdrawing; it is kept on the record."},
    )


class ReviewSuggestionsInput(forms.TextInput):
    """A text box for a review's address or title that suggests the titles of the
    newest published reviews: a datalist, which browsers offer as the editor types,
    with or without JavaScript, and which stays short however large the archive."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.suggestions = []

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-suggestions"
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join(
            "", '<option value="{}"></option>', ((title,) for title in self.suggestions)
        )
        return box + format_html('<datalist id="{}">{}</datalist>', list_id, options)


class SupersedeForm(forms.Form):
    """Which newer review replaces this one, and a word for readers. The newer review
    is named by its address (as copied from the browser), its slug or its title: an
    archive of thousands would make a list of every review too long to use or load."""

    takes_article = True
    SUGGESTIONS = 12  # the newest published reviews, offered as the editor types
    LISTED_MATCHES = 5

    newer = forms.CharField(
        max_length=500,
        label="The newer review that replaces it",
        help_text="Paste its address (…/articles/its-name/), or type its title.",
        widget=ReviewSuggestionsInput(attrs={"size": 60}),
        error_messages={"required": "Name the newer review: paste its address or type its title."},
    )
    note = forms.CharField(
        max_length=300,
        required=False,
        label="A word for readers (shown in the banner)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.candidates = (
            Article.objects.published()
            .exclude(pk=article.pk)
            .select_related("live_version")
            # The newer review is most often a recent one: newest first.
            .order_by("-live_version__published_at", "title")
        )
        self.fields["newer"].widget.suggestions = [
            a.live_version.title for a in self.candidates[: self.SUGGESTIONS]
        ]

    def clean_newer(self):
        text = " ".join(self.cleaned_data["newer"].split())
        slug = slug_named_in(text)
        if slug and (review := self.candidates.filter(slug=slug).first()):
            return check_newer(self.article, review)
        matches = list(self.candidates.filter(live_version__title__iexact=text)[:2]) or list(
            self.candidates.filter(live_version__title__icontains=text)[: self.LISTED_MATCHES + 1]
        )
        if len(matches) == 1:
            # The workflow's own rule (no loops of marks), said beside what was typed.
            return check_newer(self.article, matches[0])
        if not matches:
            raise forms.ValidationError(
                "No other published review has this address or title. Paste its address, or type "
                "words of its title."
            )
        listed = "; ".join(
            f"“{a.live_version.title}” ({short_date(a.live_version.published_at)})"
            for a in matches[: self.LISTED_MATCHES]
        )
        more = ", and more" if len(matches) > self.LISTED_MATCHES else ""
        raise forms.ValidationError(
            f"Several published reviews match: {listed}{more}. Type its whole title, or paste its address."
        )


def slug_named_in(text):
    """The article slug in an address or path (…/articles/<slug>/…), or `text` itself
    when it could be a slug; else None."""
    if "/articles/" in text:
        text = text.split("/articles/", 1)[1].split("/", 1)[0]
    return text if re.fullmatch(r"[-\w]+", text) else None


class ReviewCommentForm(forms.Form):
    section = forms.ModelChoiceField(
        queryset=Section.objects.none(), required=False, empty_label="The whole article"
    )
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Comment")

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = article.sections.all()


class PreviewLinkForm(forms.Form):
    recipient = forms.CharField(max_length=200, label="For whom", help_text="e.g. Dr. Ana Ruiz, oncologist")
    days = forms.IntegerField(min_value=1, max_value=30, initial=7, label="Valid for (days)")

    def expires_at(self):
        return timezone.now() + datetime.timedelta(days=self.cleaned_data["days"])


class EmailPreferenceForm(forms.ModelForm):
    class Meta:
        model = EmailPreference
        fields = ["review_requests", "review_outcomes"]
