"""Where a new reviewer chooses their password: Django's own password-reset confirm
and complete views, under /admin/, reached only from the signed link the account email
carries (volunteers/emails.py). There is deliberately no page that asks for a reset
link by address. Choosing a password is throttled per client like the public forms."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django_ratelimit.decorators import ratelimit


def set_password_rate(group, request):
    return settings.SET_PASSWORD_RATE


set_password = ratelimit(
    group="volunteers.set_password", key="ip", rate=set_password_rate, method="POST", block=True
)(auth_views.PasswordResetConfirmView.as_view())

password_set = auth_views.PasswordResetCompleteView.as_view()
