"""What happens to a volunteer's offer: received from the form, then an editor's step
(invite them to review one article through a signed preview link, give them a
reviewer account, or decline). Each step is one function that the admin, the tests and
anything else call; each checks the editor's permission and the offer's state in one
transaction, and refuses a repeat saying why. The email a step sends is enqueued once
the step is committed, and the worker sends it (volunteers/tasks.py)."""

import datetime

from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, PreviewLink
from articles.workflow.previews import share_preview
from volunteers.models import VolunteerOffer
from xrays import roles
from xrays.dates import long_date

Status = VolunteerOffer.Status
USERNAME_STEM_LIMIT = 30


class AddressHasAccount(ValidationError):
    """A user with the offer's address exists already: `user` may be added to the
    Scientific reviewers instead (add_existing_user_to_reviewers)."""

    def __init__(self, user: User) -> None:
        self.user = user
        super().__init__(
            f"A user with the address {user.email} already exists ({user.get_username()}): no new account "
            "was made. You can add that user to the Scientific reviewers instead."
        )


def record_offer(
    *,
    name: str,
    email: str,
    kind: str,
    role: str,
    areas: str,
    languages: list[str],
    note: str,
    language: str,
) -> VolunteerOffer:
    """Store an offer from the public form. An address that offered before gets another
    offer, beside its others in the admin."""
    return VolunteerOffer.objects.create(
        name=name,
        email=email,
        kind=kind,
        role=role,
        areas=areas,
        languages=" ".join(languages),
        note=note,
        language=language,
        consented_at=timezone.now(),
    )


def check_may_handle(by: User) -> None:
    if not (by.is_active and by.has_perm("volunteers.change_volunteeroffer")):
        raise PermissionDenied("You do not have permission to handle volunteer offers.")


def locked(offer: VolunteerOffer) -> VolunteerOffer:
    return VolunteerOffer.objects.select_for_update().get(pk=offer.pk)


def refuse_unless_new(offer: VolunteerOffer) -> None:
    """A step is taken once: say what was done already, and when."""
    if offer.status == Status.NEW:
        return
    when = long_date(offer.decided_at) if offer.decided_at else "earlier"
    raise ValidationError(f"This offer was already handled: {offer.get_status_display().lower()} ({when}).")


def invite_as_outside_reviewer(
    offer: VolunteerOffer, *, by: User, article: Article, expires_at: datetime.datetime
) -> PreviewLink:
    """Share a preview of `article`'s draft with the volunteer until `expires_at` (a
    step of the article's workflow, recorded in its history) and email them the link."""
    check_may_handle(by)
    if expires_at <= timezone.now():
        raise ValidationError("The link must work until a time in the future.")
    with transaction.atomic():
        offer = locked(offer)
        refuse_unless_new(offer)
        link = share_preview(article, by=by, recipient=offer.recipient, expires_at=expires_at)
        offer.status = Status.INVITED
        offer.preview_link = link
        decided(offer, by)
        transaction.on_commit(lambda: enqueue_email(offer.pk))
    return link


def create_reviewer_account(offer: VolunteerOffer, *, by: User) -> User:
    """A staff account in the Scientific reviewers group, with the offer's address and
    no password: the volunteer sets theirs from the link they are emailed. Refused, with
    AddressHasAccount, when a user has that address already."""
    check_may_give_accounts(by)
    with transaction.atomic():
        offer = locked(offer)
        refuse_unless_new(offer)
        existing = User.objects.filter(email__iexact=offer.email).order_by("pk").first()
        if existing is not None:
            raise AddressHasAccount(existing)
        first_name, _, last_name = offer.name.partition(" ")
        user = User(
            username=unique_username(offer.name, offer.email),
            email=offer.email,
            first_name=first_name[:150],
            last_name=last_name[:150],
            is_staff=True,
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(reviewers_group())
        offer.status = Status.ACCOUNT_CREATED
        offer.account = user
        decided(offer, by)
        transaction.on_commit(lambda: enqueue_email(offer.pk))
    return user


def add_existing_user_to_reviewers(offer: VolunteerOffer, *, by: User) -> User:
    """Put the user who has the offer's address in the Scientific reviewers group (and
    let them into the admin). They keep their password: no email is sent."""
    check_may_give_accounts(by)
    with transaction.atomic():
        offer = locked(offer)
        refuse_unless_new(offer)
        user = User.objects.filter(email__iexact=offer.email).order_by("pk").first()
        if user is None:
            raise ValidationError("No user has this offer's address: create an account instead.")
        if not user.is_active:
            raise ValidationError(f"{user.get_username()} is deactivated: reactivate the account first.")
        user.groups.add(reviewers_group())
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        offer.status = Status.ACCOUNT_CREATED
        offer.account = user
        decided(offer, by, email=False)
    return user


def decline_offer(offer: VolunteerOffer, *, by: User) -> VolunteerOffer:
    """Mark the offer declined. Nothing is sent."""
    check_may_handle(by)
    with transaction.atomic():
        offer = locked(offer)
        refuse_unless_new(offer)
        offer.status = Status.DECLINED
        decided(offer, by, email=False)
    return offer


def check_may_give_accounts(by: User) -> None:
    check_may_handle(by)
    if not by.has_perm("volunteers.create_reviewer_account"):
        raise PermissionDenied("You do not have permission to create reviewer accounts.")


def decided(offer: VolunteerOffer, by: User, *, email: bool = True) -> None:
    offer.decided_by = by
    offer.decided_at = timezone.now()
    offer.email_status = VolunteerOffer.Email.QUEUED if email else VolunteerOffer.Email.NONE
    offer.save()


def reviewers_group() -> Group:
    return roles.make_groups(Group)[roles.REVIEWERS]


def unique_username(name: str, email: str) -> str:
    """A username made from the name ("ana-ruiz"), or from the address when the name
    has no letters Django accepts, with a number added if it is taken."""
    stem = (
        slugify(name)[:USERNAME_STEM_LIMIT].strip("-")
        or slugify(email.partition("@")[0])[:USERNAME_STEM_LIMIT].strip("-")
        or "reviewer"
    )
    taken = {
        u.lower() for u in User.objects.filter(username__istartswith=stem).values_list("username", flat=True)
    }
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def enqueue_email(offer_id: int) -> None:
    from volunteers.tasks import send_offer_email

    send_offer_email.enqueue(offer_id)
