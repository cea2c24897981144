"""The editorial admin's own pages: workflow steps, review queue, compare, preview.

Every step calls `articles.workflow`; these views only read the form, report the outcome
to the editor and go back to the article."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from articles import workflow
from articles.admin import readability, translation_views
from articles.admin.compare import compare
from articles.admin.forms import (
    ApproveForm,
    EmailPreferenceForm,
    PreviewLinkForm,
    PublishForm,
    ReconfirmForm,
    RequestChangesForm,
    ReviewCommentForm,
    ScheduleForm,
    SupersedeForm,
    WithdrawForm,
)
from articles.models import Article, EmailPreference, PreviewLink, Review, ReviewComment, WorkflowEvent
from articles.reviews_due import due_reviews
from articles.snapshot import SNAPSHOT_PREFETCH, snapshot
from articles.workflow.previews import preview_token
from xrays.dates import long_date, short_date, time_in_zones


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def back_to(request, default):
    """Where to go after a step: a page of this site named in `next`, or `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _error_text(error):
    return " ".join(getattr(error, "messages", None) or [str(error)])


def run_step(request, article, step, success):
    """Run a workflow step and tell the editor what happened, in plain words."""
    try:
        result = step()
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error) or "You cannot do that.")
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result


def _form_errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# How the admin takes each workflow step: (form class or None, call, success message).
# Which steps a user may take, and when, is for `workflow.available_steps` alone.
STEP_VIEWS = {
    "submit": (
        None,
        lambda a, u, d: workflow.submit_for_review(a, by=u),
        "Submitted for review. The Scientific Advisory Board will see it in their review queue.",
    ),
    "approve": (
        ApproveForm,
        lambda a, u, d: workflow.approve(a, by=u, comment=d.get("comment", ""), seen=d.get("seen") or None),
        lambda a: (
            "Approved. Editors can now publish it."
            if a.state == Article.State.APPROVED
            else "Your approval is recorded; it needs more approvals before it can be published."
        ),
    ),
    "reconfirm": (
        ReconfirmForm,
        lambda a, u, d: workflow.reconfirm(a, by=u, comment=d.get("comment", "")),
        lambda a: (
            f"Re-confirmed: readers see it was reviewed on {long_date(a.reviewed_on)}. No new version "
            "was published and followers were not emailed."
            if a.reviewed_on == timezone.localdate()
            else "Your re-confirmation is recorded; it needs more before the review date changes."
        ),
    ),
    "request_changes": (
        RequestChangesForm,
        lambda a, u, d: workflow.request_changes(a, by=u, comment=d["comment"]),
        "Changes requested. The article went back to its author with your comment.",
    ),
    "publish": (
        PublishForm,
        lambda a, u, d: workflow.publish(
            a, by=u, change_summary=d["change_summary"], notify_subscribers=d["notify_subscribers"]
        ),
        lambda v: f"Published as version {v.number}. Readers see it now.",
    ),
    "schedule": (
        ScheduleForm,
        lambda a, u, d: workflow.schedule(
            a,
            by=u,
            at=d["publish_at"],
            change_summary=d["change_summary"],
            notify_subscribers=d["notify_subscribers"],
        ),
        lambda a: f"Scheduled for {time_in_zones(a.scheduled_for, a.scheduled_time_zone)}.",
    ),
    "unschedule": (
        None,
        lambda a, u, d: workflow.unschedule(a, by=u),
        "The scheduled publication is cancelled. The article stays approved.",
    ),
    "withdraw": (
        WithdrawForm,
        lambda a, u, d: workflow.withdraw(a, by=u, reason=d["reason"]),
        "Withdrawn. It no longer appears on the site, in feeds or in the sitemap.",
    ),
    "supersede": (
        SupersedeForm,
        lambda a, u, d: workflow.supersede(a, by=u, newer=d["newer"], note=d["note"]),
        "Marked superseded and sent for review. Once approved and published, the page shows a "
        "banner linking to the newer review, and its followers are told.",
    ),
    "unsupersede": (
        None,
        lambda a, u, d: workflow.unsupersede(a, by=u),
        "The superseded mark is taken back. Readers see the change once it is reviewed and published.",
    ),
}


def step_form(step, article, data=None):
    """The form behind a step's button, or None for a plain button."""
    form_class = STEP_VIEWS[step][0]
    if form_class is None:
        return None
    if getattr(form_class, "takes_article", False):
        return form_class(data, article=article, auto_id=f"{step}-%s")
    return form_class(data, auto_id=f"{step}-%s")


# The session key under which a refused step's typed data goes back to the article page.
RETURNED_STEP_KEY = "articles.returned_step"


@require_POST
def workflow_step(request, pk, step):
    article = get_object_or_404(Article, pk=pk)
    if step not in STEP_VIEWS:
        raise Http404("No such step.")
    _form_class, function, success = STEP_VIEWS[step]
    form = step_form(step, article, request.POST)
    if form is not None and not form.is_valid():
        _form_errors(request, form)
        return _back_with_typed_data(request, article, step, form)
    data = form.cleaned_data if form is not None else {}
    if run_step(request, article, lambda: function(article, request.user, data), success) is None:
        return _back_with_typed_data(request, article, step, form)
    return back_to(request, change_url(article))


def _back_with_typed_data(request, article, step, form):
    """Back to the article page, where the step's form shows what was typed."""
    if form is not None:
        request.session[RETURNED_STEP_KEY] = {
            "article": article.pk,
            "step": step,
            "data": {name: request.POST.get(name, "") for name in form.fields if name in request.POST},
        }
    return back_to(request, change_url(article))


@require_POST
def add_review_comment(request, pk):
    article = get_object_or_404(Article, pk=pk)
    form = ReviewCommentForm(request.POST, article=article)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        run_step(
            request,
            article,
            lambda: workflow.add_comment(
                article, by=request.user, body=form.cleaned_data["body"], section=form.cleaned_data["section"]
            ),
            "Comment added. It stays on the article until someone marks it resolved.",
        )
    return back_to(request, change_url(article) + "#review-comments")


@require_POST
def resolve_review_comment(request, pk, comment_pk):
    comment = get_object_or_404(ReviewComment, pk=comment_pk, article_id=pk)
    run_step(
        request,
        comment.article,
        lambda: workflow.resolve_comment(comment, by=request.user),
        "Comment marked resolved.",
    )
    return redirect(change_url(comment.article) + "#review-comments")


# --- preview links for outside reviewers ---------------------------------------------


def preview_link_url(request, link):
    return request.build_absolute_uri(reverse("articles:shared_preview", args=[preview_token(link)]))


@require_POST
def create_preview_link(request, pk):
    article = get_object_or_404(Article, pk=pk)
    form = PreviewLinkForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(change_url(article) + "#preview-links")
    link = run_step(
        request,
        article,
        lambda: workflow.share_preview(
            article, by=request.user, recipient=form.cleaned_data["recipient"], expires_at=form.expires_at()
        ),
        lambda link: (
            f"Preview link for {link.recipient} (valid until "
            f"{long_date(link.expires_at)}): {preview_link_url(request, link)}"
        ),
    )
    return redirect(change_url(article) + ("#preview-links" if link else ""))


@require_POST
def revoke_preview_link(request, pk, link_pk):
    link = get_object_or_404(PreviewLink, pk=link_pk, article_id=pk)
    run_step(
        request,
        link.article,
        lambda: workflow.revoke_preview(link, by=request.user),
        f"The preview link for {link.recipient} no longer works.",
    )
    return redirect(change_url(link.article) + "#preview-links")


# --- each person's own email notifications ------------------------------------------


def email_notifications(request, *, admin_site):
    """Each member of the team turns the workflow's emails to them on or off."""
    preference = EmailPreference.of(request.user)
    form = EmailPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email notifications are saved.")
        return redirect("admin:articles_email_notifications")
    context = {
        **admin_site.each_context(request),
        "title": "Email notifications",
        "form": form,
    }
    return TemplateResponse(request, "admin/articles/email_notifications.html", context)


# --- review queue and compare --------------------------------------------------------


def review_queue(request, *, admin_site):
    """What waits for this person, oldest first."""
    user = request.user
    if not workflow.may_read(user):
        raise PermissionDenied
    State = Article.State
    queued = Article.objects.select_related("last_edited_by")
    waiting_for_review = []
    if workflow.may_review(user):
        in_review = list(
            queued.filter(state=State.IN_REVIEW)
            .order_by("submitted_at", "pk")
            .prefetch_related(*SNAPSHOT_PREFETCH)
        )
        fingerprints = {article.pk: workflow.draft_content(article)[1] for article in in_review}
        writers = workflow.writers_of_each(in_review)
        approvers = workflow.approvers_of_each(in_review, fingerprints)
        need = workflow.required_approvals()
        for article in in_review:
            if user.pk in writers[article.pk] or user.pk in approvers[article.pk]:
                continue
            article.approvals = (len(approvers[article.pk]), need)
            waiting_for_review.append(article)
    sections = [("Waiting for your review", "review", waiting_for_review)]
    if workflow.may_publish(user):
        sections.append(
            (
                "Approved, waiting to be published",
                "publish",
                list(queued.filter(state=State.APPROVED).order_by("updated_at")),
            )
        )
        sections.append(
            (
                "Scheduled",
                "scheduled",
                list(queued.filter(state=State.SCHEDULED).order_by("scheduled_for")),
            )
        )
        failed = list(queued.filter(state=State.SCHEDULING_FAILED).order_by("scheduled_for"))
        if failed:
            # Shown only when there are some: each needs an editor to act.
            sections.insert(0, ("Scheduled publication failed", "scheduled", failed))
    if workflow.may_write(user):
        mine = queued.filter(state=State.CHANGES_REQUESTED).order_by("updated_at")
        if not workflow.may_publish(user):
            mine = mine.filter(pk__in=WorkflowEvent.objects.filter(actor=user).values("article"))
        sections.append(("Changes requested", "changes", list(mine)))
    attach_round_reviews([article for _heading, _key, articles in sections for article in articles])
    context = {
        **admin_site.each_context(request),
        "title": "Review queue",
        "queue_sections": sections,
        "translations_out_of_date": translation_views.out_of_date_for_queue(),
        # Published articles whose review is due: reviewers re-confirm them, editors see them.
        "reviews_due": due_reviews() if workflow.may_review(user) or workflow.may_publish(user) else None,
        "may_use_translation_files": user.has_perm("articles.change_article"),
        "open_comments": ReviewComment.objects.filter(resolved_at=None).select_related("article", "author")[
            :50
        ],
    }
    return TemplateResponse(request, "admin/articles/article/review_queue.html", context)


def attach_round_reviews(articles):
    """Give each article `round_reviews`: what reviewers said with their decisions in its
    current round of review, oldest first (one query for all)."""
    by_article = {article.pk: [] for article in articles}
    for article in articles:
        article.round_reviews = by_article[article.pk]
    if not articles:
        return
    reviews = Review.objects.in_current_round(articles).with_comment().select_related("reviewer")
    for review in reviews.order_by("created_at", "pk"):
        by_article[review.article_id].append(review)


def _side(article, name):
    """A snapshot by name: "draft", "live" or a version number."""
    if name == "draft":
        return snapshot(article), "Draft (not yet published)"
    if name == "live":
        version = article.live_version
        if version is None:
            return None, "Nothing published yet"
        return (
            version.content,
            f"Live: version {version.number}, {long_date(version.published_at)}",
        )
    try:
        version = article.versions.get(number=int(name))
    except (ValueError, article.versions.model.DoesNotExist):
        raise Http404("No such version.") from None
    return version.content, f"Version {version.number}, {long_date(version.published_at)}"


def compare_view(request, pk, *, admin_site):
    if not workflow.may_read(request.user):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("live_version"), pk=pk)
    old_name = request.GET.get("from", "live")
    new_name = request.GET.get("to", "draft")
    old, old_label = _side(article, old_name)
    new, new_label = _side(article, new_name)
    if new is None:
        new, new_label = snapshot(article), "Draft (not yet published)"
    changes = compare(old, new)
    draft_fingerprint, review_steps = None, []
    if new_name == "draft":
        draft = workflow.draft_content(article)
        draft_fingerprint = draft[1]
        # Reviewers approve what they compared: only a comparison with the draft offers it.
        review_steps = [
            step
            for step in workflow.available_steps(article, request.user, draft=draft)
            if step in {"approve", "request_changes"}
        ]
    versions = list(article.versions.order_by("-number").values_list("number", "published_at"))
    context = {
        **admin_site.each_context(request),
        "title": f"Changes in “{article.title}”",
        "article": article,
        "opts": Article._meta,
        "changes": [c for c in changes if c.changed],
        "unchanged": [c for c in changes if not c.changed],
        "old_label": old_label,
        "new_label": new_label,
        "old_name": old_name,
        "new_name": new_name,
        "choices": [("live", "Live version"), ("draft", "Draft")]
        + [(str(n), f"Version {n} ({short_date(at)})") for n, at in versions],
        "approvals": workflow.approval_status(article, draft_fingerprint),
        "steps": review_steps,
        "step_forms": {step: step_form(step, article) for step in review_steps},
        "draft_fingerprint": draft_fingerprint,
        # Reviewers see whether the change reads more or less easily (a warning, never a block).
        "reading_grades": (readability.content_grade(old), readability.content_grade(new)),
        "reading_target": settings.READING_GRADE_TARGET,
        "reading_formula": readability.formula_of(article.language),
    }
    return TemplateResponse(request, "admin/articles/article/compare.html", context)
