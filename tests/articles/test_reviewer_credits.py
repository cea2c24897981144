"""Reviewer credits in the admin: a reviewer chooses whether and how they are named on
the public review history; editors set anyone's; nobody else sees them."""

import pytest

from articles.models import ReviewerCredit
from tests import factories

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/reviewercredit/add/"
LIST = "/admin/articles/reviewercredit/"


def test_a_reviewer_sets_their_own_credit_and_sees_only_theirs(client):
    reviewer = factories.reviewer(username="ana")
    other = factories.reviewer(username="luis")
    ReviewerCredit.objects.create(user=other, named_publicly=True, public_name="Dr. Luis Vega")
    client.force_login(reviewer)

    response = client.post(
        ADD,
        {
            "user": other.pk,
            "named_publicly": "on",
            "public_name": "Dr. Ana Ruiz",
            "public_role": "oncologist",
        },
    )
    assert response.status_code == 302
    credit = ReviewerCredit.objects.get(public_name="Dr. Ana Ruiz")
    assert credit.user == reviewer  # their own, whatever the form was sent with
    listing = client.get(LIST).content.decode()
    assert "Dr. Ana Ruiz" in listing and "Dr. Luis Vega" not in listing
    theirs = ReviewerCredit.objects.get(user=other)
    assert client.get(f"{LIST}{theirs.pk}/change/").status_code in {302, 403, 404}
    # One credit each: no second one to add.
    assert client.get(ADD).status_code == 403


def test_named_publicly_needs_the_name_readers_see(client):
    client.force_login(factories.reviewer(username="ana"))
    response = client.post(ADD, {"named_publicly": "on", "public_name": " ", "public_role": ""})
    assert response.status_code == 200
    assert "Write the name readers see" in response.content.decode()
    assert not ReviewerCredit.objects.exists()


def test_an_editor_sets_any_reviewers_credit(client, editor):
    reviewer = factories.reviewer(username="ana")
    client.force_login(editor)
    response = client.post(ADD, {"user": reviewer.pk, "public_name": "Dr. Ana Ruiz", "public_role": ""})
    assert response.status_code == 302
    assert ReviewerCredit.objects.get(user=reviewer).named_publicly is False


def test_an_author_has_no_reviewer_credits(client):
    client.force_login(factories.author(username="writer"))
    assert client.get(LIST).status_code == 403
