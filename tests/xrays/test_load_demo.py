"""`manage.py load_demo`: each app's part of the demo, safe on a site that is already in use."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from articles.models import Article, PublishedVersion
from audiences.models import Audience
from glossary.models import Term
from references.models import Reference
from tests.extension_app.models import Highlight
from xrays import roles

pytestmark = pytest.mark.django_db
User = get_user_model()


def load_demo(*args, debug=True):
    out = io.StringIO()
    with override_settings(DEBUG=debug):
        call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_load_demo_is_idempotent_and_prints_the_log_ins_it_made():
    printed = load_demo()
    counts = [
        Article.objects.count(),
        PublishedVersion.objects.count(),
        Reference.objects.count(),
        Audience.objects.count(),
        Term.objects.count(),
    ]
    again = load_demo()
    assert counts == [
        Article.objects.count(),
        PublishedVersion.objects.count(),
        Reference.objects.count(),
        Audience.objects.count(),
        Term.objects.count(),
    ]
    # The example article and its Spanish translation (tests/xrays/test_load_demo_spanish.py).
    assert counts[:4] == [2, 2, 4, 4] and counts[4] >= 5
    for name in ["metastasis", "mammogram", "HER2-positive", "primary tumor", "recurrence"]:
        assert Term.objects.filter(name=name).exists()
    for username, password in [
        ("admin", "xrays-demo-admin"),
        ("editor", "xrays-demo-editor"),
        ("reviewer", "xrays-demo-reviewer"),
        ("author", "xrays-demo-author"),
    ]:
        assert f"{username}" in printed and password in printed
        # The second run made no account, so it prints no password.
        assert password not in again
    article = Article.objects.get(language="en")
    assert article.live_version is not None and str(article.posted_on) == "2017-03-28"
    original = article.citations.get(is_original_story=True).reference
    assert original.publication == "STAT" and original.authors == "Begley S"
    assert list(article.citations.values_list("reference__title", flat=True))[0] == original.title
    # An app outside `articles` adds its own part (tests/extension_app/demo.py).
    assert Highlight.objects.filter(article=article).count() == 1


def test_demo_accounts_can_log_in_with_the_printed_passwords(client):
    load_demo()
    for username, password in [
        ("editor", "xrays-demo-editor"),
        ("reviewer", "xrays-demo-reviewer"),
        ("author", "xrays-demo-author"),
        ("admin", "xrays-demo-admin"),
    ]:
        response = client.post("/admin/login/?next=/admin/", {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.get("/admin/").status_code == 200
        client.logout()


def test_it_refuses_to_run_without_debug_unless_told_to():
    with pytest.raises(CommandError, match="--allow-production"):
        load_demo(debug=False)
    assert not Article.objects.exists() and not User.objects.exists()


def test_on_a_live_site_it_never_changes_an_existing_account():
    staff = User.objects.create_user("admin", "ana@example.org", "her-own-password", is_staff=True)
    editor = User.objects.create_user("editor", "ed@example.org", "his-own-password", is_staff=True)
    printed = load_demo("--allow-production", debug=False)

    staff.refresh_from_db()
    editor.refresh_from_db()
    assert not staff.is_superuser and staff.check_password("her-own-password")
    assert staff.email == "ana@example.org"
    assert editor.check_password("his-own-password") and not editor.groups.exists()
    assert "xrays-demo-admin" not in printed and "xrays-demo-editor" not in printed
    assert "left as they were: admin, editor" in printed


def test_accounts_made_without_debug_get_random_passwords_printed_once():
    printed = load_demo("--allow-production", debug=False)
    reviewer = User.objects.get(username="reviewer")
    assert not reviewer.check_password("xrays-demo-reviewer")
    line = next(line for line in printed.splitlines() if line.strip().startswith("reviewer"))
    assert reviewer.check_password(line.split()[1])
    assert reviewer.groups.get().name == roles.REVIEWERS
