"""The public pages: the offer form and the thank-you page it leads to. The form page
holds a CSRF token, so no cache keeps it; the thank-you page says the same to everyone,
whether the address had offered before or not."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from volunteers import offers
from volunteers.forms import VolunteerForm
from xrays.throttle import throttled


def client_rate(group, request):
    return settings.VOLUNTEER_RATE


def address_rate(group, request):
    return settings.VOLUNTEER_ADDRESS_RATE


def too_many_from_address(request, email: str) -> bool:
    """Counts this offer against its address's allowance: however many clients send it."""
    return is_ratelimited(
        request,
        group="volunteers.offer.address",
        key=lambda group, request: email,
        rate=address_rate,
        method="POST",
        increment=True,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(group="volunteers.offer", key="ip", rate=client_rate, method="POST", block=True)
def offer(request):
    if request.method == "POST":
        form = VolunteerForm(request.POST)
        if form.is_valid():
            # A robot is thanked as a person is, and nothing is stored.
            if not form.is_robot():
                data = form.cleaned_data
                if too_many_from_address(request, data["email"]):
                    return throttled(request, None)
                offers.record_offer(
                    name=data["name"],
                    email=data["email"],
                    kind=data["kind"],
                    role=data["role"],
                    areas=data["areas"],
                    languages=data["languages"],
                    note=data["note"],
                    language=get_language() or settings.LANGUAGE_CODE,
                )
            return redirect("volunteers:thanks")
    else:
        form = VolunteerForm()
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/offer.html", {"form": form}, status=status)


@require_safe
def thanks(request):
    return render(request, "volunteers/thanks.html")
