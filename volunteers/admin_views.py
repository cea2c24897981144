"""The pages of an editor's steps on one offer: invite as outside reviewer of an
article, create a reviewer account (or, when the address has one, add that user to the
Scientific reviewers), decline. Each shows what it will do, and its button POSTs to the
step's service (volunteers/offers.py), whose refusal is shown as it says it."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from volunteers import offers
from volunteers.models import VolunteerOffer

# Preview links last as long as the article admin lets them (articles/admin/forms.py).
MAX_PREVIEW_DAYS = 30


def available_steps(user) -> dict:
    """Which step buttons the change page shows this user."""
    may_handle = user.has_perm("volunteers.change_volunteeroffer")
    return {
        "may_invite": may_handle and user.has_perm("articles.share_preview"),
        "may_create_account": may_handle and user.has_perm("volunteers.create_reviewer_account"),
        "may_decline": may_handle,
    }


class ArticleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, article):
        return f"{article.title} ({article.get_state_display()})"


class InviteForm(forms.Form):
    article = ArticleChoiceField(
        queryset=Article.objects.exclude(state=Article.State.WITHDRAWN).order_by("title"),
        help_text="They are emailed a link to this article's draft as it is now.",
    )
    days = forms.IntegerField(min_value=1, max_value=MAX_PREVIEW_DAYS, initial=14, label="Valid for (days)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Drafts in review first: those are the ones outside reviewers are asked about.
        in_review = list(Article.objects.filter(state=Article.State.IN_REVIEW).order_by("title"))
        others = list(self.fields["article"].queryset.exclude(state=Article.State.IN_REVIEW))
        self.fields["article"].choices = [("", "---------")] + [
            (a.pk, self.fields["article"].label_from_instance(a)) for a in in_review + others
        ]

    def expires_at(self) -> datetime.datetime:
        return timezone.now() + datetime.timedelta(days=self.cleaned_data["days"])


class Steps:
    """The step views of one ModelAdmin (admin_site.admin_view wraps each)."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def page(self, request, offer, title, template, **context):
        admin_site = self.model_admin.admin_site
        return TemplateResponse(
            request,
            f"admin/volunteers/volunteeroffer/{template}.html",
            {
                **admin_site.each_context(request),
                "title": title,
                "offer": offer,
                "opts": VolunteerOffer._meta,
                "change_url": change_url(offer),
                **context,
            },
        )

    def offer(self, request, pk) -> VolunteerOffer:
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(VolunteerOffer, pk=pk)

    def invite(self, request, pk):
        offer = self.offer(request, pk)
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = self.take_step(
                request,
                offer,
                lambda: offers.invite_as_outside_reviewer(
                    offer, by=request.user, article=form.cleaned_data["article"], expires_at=form.expires_at()
                ),
                lambda link: (
                    f"{offer.name} is invited to review “{link.article.title}”: the link is being emailed."
                ),
            )
            if done:
                return redirect(change_url(offer))
        return self.page(request, offer, f"Invite {offer.name} to review an article", "invite", form=form)

    def account(self, request, pk):
        offer = self.offer(request, pk)
        existing = None
        if request.method == "POST":
            try:
                user = offers.create_reviewer_account(offer, by=request.user)
            except offers.AddressHasAccount as error:
                messages.error(request, error.message)
                existing = error.user
            except (PermissionDenied, ValidationError) as error:
                messages.error(request, message_of(error))
            else:
                self.done(
                    request,
                    offer,
                    f"Account {user.get_username()} created in the Scientific reviewers group: "
                    "the link to set a password is being emailed.",
                )
                return redirect(change_url(offer))
        return self.page(
            request, offer, f"Create a reviewer account for {offer.name}", "account", existing=existing
        )

    def add_existing_user(self, request, pk):
        offer = self.offer(request, pk)
        if request.method != "POST":
            return redirect(reverse("admin:volunteers_volunteeroffer_account", args=[offer.pk]))
        self.take_step(
            request,
            offer,
            lambda: offers.add_existing_user_to_reviewers(offer, by=request.user),
            lambda user: f"{user.get_username()} is now in the Scientific reviewers group.",
        )
        return redirect(change_url(offer))

    def decline(self, request, pk):
        offer = self.offer(request, pk)
        if request.method == "POST":
            if self.take_step(
                request,
                offer,
                lambda: offers.decline_offer(offer, by=request.user),
                lambda _: "Offer declined.",
            ):
                return redirect(change_url(offer))
        return self.page(request, offer, f"Decline the offer of {offer.name}", "decline")

    def take_step(self, request, offer, step, success):
        """Run `step()`; report its success or its refusal as a message. True when done."""
        try:
            result = step()
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, message_of(error))
            return False
        self.done(request, offer, success(result))
        return True

    def done(self, request, offer, message):
        """Say what was done, and keep it in the offer's admin history."""
        messages.success(request, message)
        self.model_admin.log_change(request, offer, message)


def change_url(offer):
    return reverse("admin:volunteers_volunteeroffer_change", args=[offer.pk])


def message_of(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You do not have permission to do that."
