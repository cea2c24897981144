"""The follow form keeps one written form of each mailbox, refuses addresses no email
could reach as typed (saying why, with what was typed kept), and does the same work
whether or not the address is known."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from subscriptions import follow
from subscriptions.models import Subscriber, Subscription

FOLLOW_SITE = "/subscriptions/follow/"
FOLLOW_PAGE = "/subscriptions/follow/article/early-spread/"

# Five labels of 45 "ü" (typed: 235 characters, within the form's 254): in ASCII each
# label is "xn--" and 48 letters, and the domain is longer than a domain may be.
LONG_ONCE_IN_ASCII = "reader@" + ".".join(["ü" * 45] * 5) + ".org"
# A domain short enough (223 characters in ASCII), with a name part that makes the
# whole address 259 characters long.
LONG_WITH_ITS_NAME = "a-reader-with-a-rather-long-name.xy@" + ".".join(["ü" * 45] * 4) + ".example.org"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("=?utf-8?q?a?=@example.org", "can't send email to an address whose name part contains"),
        ("=?UTF-8?B?YQ==?=@example.org", "can't send email to an address whose name part contains"),
        # IDNA 2003 allowed symbols in domains; IDNA 2008 does not, nor do registries.
        ("reader@ex☃mple.org", "not a domain name we can send email to"),
        ("reader@exa\u200dmple.org", "not a domain name we can send email to"),
        ("reader@xn--zz.example.org", "not a domain name we can send email to"),
        (LONG_ONCE_IN_ASCII, "This address is too long to send email to"),
        (LONG_WITH_ITS_NAME, "This address is too long to send email to"),
    ],
)
def test_an_address_no_email_could_reach_is_refused_with_a_reason_and_kept_in_the_form(
    client, typed, message, published_article
):
    assert len(typed) <= 254  # the form's own length check lets it through
    response = client.post(FOLLOW_SITE, {"email": typed, "frequency": "weekly"})

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert message in page
    form = response.context["form"]
    assert form["email"].value() == typed and form["frequency"].value() == "weekly"
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_the_page_shows_the_reason_next_to_what_was_typed(client, published_article):
    page = client.post(FOLLOW_PAGE, {"email": "=?utf-8?q?a?=@example.org"}).content.decode()
    assert 'value="=?utf-8?q?a?=@example.org"' in page
    assert "Please check the address." in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        "Reader@Example.org",
        "reader@ｅｘａｍｐｌｅ.org",  # full-width letters
        "reader@ＥＸＡＭＰＬＥ.ｏｒｇ",  # full-width capitals
        "reader@\u00adexample.org",  # an invisible soft hyphen
        "reader@example.org",
    ],
)
def test_one_mailbox_written_with_look_alike_letters_is_one_subscriber(client, published_article, typed):
    client.post(FOLLOW_PAGE, {"email": "reader@example.org"})
    response = client.post(FOLLOW_PAGE, {"email": typed})
    assert response.status_code == 302
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["reader@example.org"]
    assert Subscription.objects.count() == 1


@pytest.mark.django_db
def test_an_international_domain_is_kept_and_mailed_in_its_ascii_form(client, published_article, mailoutbox):
    """IDNA 2008, not Python's IDNA 2003 codec: "straße.de" is not "strasse.de"."""
    for typed in ("reader@Straße.de", "reader@xn--strae-oqa.de", "reader@STRAẞE.de"):
        assert client.post(FOLLOW_PAGE, {"email": typed}).status_code == 302
    (subscriber,) = Subscriber.objects.all()
    assert subscriber.email == "reader@xn--strae-oqa.de"

    from subscriptions.tasks import send_confirmation

    send_confirmation.call(subscriber.subscriptions.get().pk)
    (message,) = mailoutbox
    assert message.to == ["reader@xn--strae-oqa.de"]
    assert message.message()["To"] == "reader@xn--strae-oqa.de"


def statements(queries):
    """What each query does, its values left out."""
    shapes = []
    for query in queries:
        sql = re.sub(r"'(?:[^']|'')*'", "?", query["sql"])
        shapes.append(re.sub(r"\b\d+(\.\d+)?\b", "?", sql))
    return shapes


WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.django_db(transaction=True)
def test_known_and_unknown_addresses_cost_the_follow_form_the_same_queries(client, published_article):
    confirmed = follow.follow("confirmed@example.org", article=published_article)
    follow.confirm(confirmed)
    follow.follow("pending@example.org", article=published_article)
    follow.confirm(follow.follow("other-page@example.org"))

    def post(email, n):
        # Each from its own client address: the throttle's count starts afresh each time.
        with CaptureQueriesContext(connection) as queries:
            response = client.post(FOLLOW_PAGE, {"email": email}, REMOTE_ADDR=f"192.0.2.{n}")
        assert response.status_code == 302 and response["Location"] == "/subscriptions/check-your-inbox/"
        return statements(queries)

    unknown = post("new@example.org", 1)
    assert sum(sql.lstrip().upper().startswith(WRITES) for sql in unknown) >= 3
    for n, email in enumerate(
        ["confirmed@example.org", "pending@example.org", "other-page@example.org", "new@example.org"], 2
    ):
        assert post(email, n) == unknown, email


@pytest.mark.django_db
def test_addresses_kept_before_take_their_ascii_form_unless_it_is_taken():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("subscriptions.migrations.0003_confirmation_limits")
    Subscriber.objects.create(email="reader@bücher.de")
    Subscriber.objects.create(email="reader@ｅｘａｍｐｌｅ.org")
    Subscriber.objects.create(email="reader@example.org")  # the same mailbox, already kept
    Subscriber.objects.create(email="reader@ex☃mple.org")  # IDNA 2008 refuses it

    migration.store_domains_in_ascii(apps, None)

    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "reader@example.org",
        "reader@ex☃mple.org",
        "reader@xn--bcher-kva.de",
        "reader@ｅｘａｍｐｌｅ.org",
    ]
