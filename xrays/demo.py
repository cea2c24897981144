"""The site's part of the demo: one staff account per editorial role, and the
independence disclosure. Loaded first (see xrays/management/commands/load_demo.py)."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from xrays import roles
from xrays.models import SiteText

ACCOUNTS = [
    # (username, development password, group or None for the superuser, what they do)
    ("admin", "xrays-demo-admin", None, "superuser: everything, including user accounts"),
    ("editor", "xrays-demo-editor", roles.EDITORS, "Editors: write, publish, schedule, withdraw"),
    ("reviewer", "xrays-demo-reviewer", roles.REVIEWERS, "Scientific reviewers: read, comment, approve"),
    ("author", "xrays-demo-author", roles.AUTHORS, "Authors: write drafts and submit them for review"),
]

DISCLOSURE = (
    "<p>XRAYS receives funding from industry sponsors, including companies that make cancer "
    "drugs, tests and devices. Every XRAYS article is written independently of any sponsor, and "
    "members of our Scientific Advisory Board review each one before it is published to make "
    "sure the science is sound.</p>"
)

DISCLOSURE_ES = (
    "<p>XRAYS recibe fondos de patrocinadores de la industria, entre ellos empresas que fabrican "
    "medicamentos, pruebas y dispositivos contra el cáncer. Cada artículo de XRAYS se escribe sin "
    "intervención de ningún patrocinador, y los miembros de nuestro Consejo Asesor Científico "
    "revisan cada uno antes de publicarlo para asegurarse de que la ciencia sea sólida.</p>"
)


def load(run):
    disclosure, _ = SiteText.objects.get_or_create(
        key=SiteText.DISCLOSURE, defaults={"body": DISCLOSURE, "body_es": DISCLOSURE_ES}
    )
    # A demo loaded before the Spanish text existed gets it; an editor's own is kept.
    if not disclosure.body_es:
        disclosure.body_es = DISCLOSURE_ES
        disclosure.save(update_fields=["body_es"])
    load_accounts(run)


def load_accounts(run):
    User = get_user_model()
    # The groups come from a migration; a flushed database has lost them.
    roles.sync_roles()
    created = []
    for username, demo_password, role, description in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            password = demo_password if run.development else secrets.token_urlsafe(12)
            user = User(
                username=username,
                email=f"{username}@example.org",
                is_staff=True,
                is_superuser=role is None,
            )
            user.set_password(password)
            user.save()
            if role:
                user.groups.add(Group.objects.get(name=role))
            created.append((username, password, description))
        run.accounts[username] = user
    if created:
        run.say("Demo log-ins for /admin/ (username / password):")
        for username, password, description in created:
            run.say(f"  {username:<9} {password:<22} {description}")
    existing = [name for name, *_ in ACCOUNTS if name not in {c[0] for c in created}]
    if existing:
        run.say(f"Accounts already there, left as they were: {', '.join(existing)}.")
