"""The public pages: the offer form and the thank-you page it leads to. The form page
holds a CSRF token, so no cache keeps it; the thank-you page says the same to everyone,
whether the address had offered before or not."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from volunteers import offers
from volunteers.forms import VolunteerForm
from xrays.throttle import over_rate, throttled


def client_rate(group, request):
    return settings.VOLUNTEER_RATE


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
                # However many clients send it, one address is counted once per offer.
                if over_rate(
                    request, "volunteers.offer.address", data["email"], settings.VOLUNTEER_ADDRESS_RATE
                ):
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
