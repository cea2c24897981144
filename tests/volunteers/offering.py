"""A volunteer's answers to the offer form, as a browser sends them, and an offer
waiting for the editors, with what the tests of their steps need around it."""

import re

from django.test import Client

from articles import workflow
from tests import factories
from volunteers import offers
from volunteers.models import VolunteerOffer

GOOD = {
    "name": "Ana Ruiz",
    "email": "Ana.Ruiz@Example.org",
    "kind": "health_professional",
    "role": "breast oncologist, Mayo Clinic",
    "areas": "breast cancer, hereditary risk",
    "languages": ["en", "es"],
    "note": "",
    "consent": "on",
    "website": "",
}


def answers(**changes):
    return {**GOOD, **changes}


ADDRESS = "ana.ruiz@example.org"


def an_offer(**changes):
    fields = {
        "name": "Ana Ruiz",
        "email": ADDRESS,
        "kind": VolunteerOffer.Kind.HEALTH_PROFESSIONAL,
        "role": "breast oncologist, Mayo Clinic",
        "areas": "breast cancer",
        "languages": ["en", "es"],
        "note": "",
        "language": "en",
    }
    return offers.record_offer(**{**fields, **changes})


def a_draft_in_review():
    draft = factories.full_article(title="A draft about early spread", slug="a-draft-about-early-spread")
    workflow.submit_for_review(draft, by=factories.author(username="author"))
    return draft


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def links_in(text):
    return re.findall(r"https?://\S+", text)


def path_of(link):
    return re.sub(r"^https?://[^/]+", "", link)
