"""Load the demo content: the example article (published), its references, audiences,
glossary terms and the site's disclosure, and one staff account per editorial role.

Idempotent: running it again changes nothing that is already there, except that the
demo accounts get their printed passwords back.
"""

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import roles, workflow
from articles.management.commands import demo_content as demo
from articles.models import (
    Article,
    Citation,
    ClinicalTrial,
    DoctorQuestion,
    Guideline,
    Resource,
    Section,
)
from audiences.models import Audience
from glossary.models import Term
from references.models import Reference
from xrays.models import SiteText

DEMO_ACCOUNTS = [
    # (username, password, group or None for the superuser, description)
    ("admin", "xrays-demo-admin", None, "superuser: everything, including user accounts"),
    ("editor", "xrays-demo-editor", roles.EDITORS, "Editors: write, publish, schedule, withdraw"),
    ("reviewer", "xrays-demo-reviewer", roles.REVIEWERS, "Scientific reviewers: read, comment, approve"),
    ("author", "xrays-demo-author", roles.AUTHORS, "Authors: write drafts and submit them for review"),
]


class Command(BaseCommand):
    help = "Load the example article and demo accounts (safe to run more than once)."

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self.load_accounts()
            self.load_glossary()
            SiteText.objects.get_or_create(key=SiteText.DISCLOSURE, defaults={"body": demo.DISCLOSURE})
            article = self.load_article(created_by=users["author"])
            if article.live_version_id is None:
                # The example goes through the same review as every article.
                workflow.submit_for_review(article, by=users["author"])
                workflow.approve(article, by=users["reviewer"], comment="Checked against the four papers.")
                workflow.publish(article, by=users["editor"])
        self.stdout.write(self.style.SUCCESS(f"Demo article: /articles/{article.slug}/"))
        self.stdout.write("Demo log-ins for /admin/ (username / password):")
        for username, password, _group, description in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<9} {password:<22} {description}")

    def load_accounts(self):
        User = get_user_model()
        # The roles come from a data migration; a flushed database has lost them.
        roles.sync_roles(django_apps)
        users = {}
        for username, password, group_name, _description in DEMO_ACCOUNTS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            user.is_staff = True
            user.is_superuser = group_name is None
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            users[username] = user
        return users

    def load_glossary(self):
        for term in demo.GLOSSARY:
            Term.objects.get_or_create(name=term["name"], defaults=term)

    def load_article(self, created_by):
        article, created = Article.objects.get_or_create(
            slug=demo.SLUG,
            defaults={
                "title": demo.TITLE,
                "summary": demo.SUMMARY,
                "posted_on": demo.POSTED_ON,
                "created_by": created_by,
            },
        )
        if not created:
            return article
        workflow.record_created(article, by=created_by)
        for order, section in enumerate(demo.SECTIONS, start=1):
            Section.objects.create(article=article, order=order, **section)
        for order, text in enumerate(demo.DOCTOR_QUESTIONS, start=1):
            DoctorQuestion.objects.create(article=article, order=order, text=text)
        for model, rows in [
            (ClinicalTrial, demo.CLINICAL_TRIALS),
            (Guideline, demo.GUIDELINES),
            (Resource, demo.RESOURCES),
        ]:
            for order, row in enumerate(rows, start=1):
                model.objects.create(article=article, order=order, **row)
        for order, ref in enumerate(demo.REFERENCES, start=1):
            fields = {k: v for k, v in ref.items() if k not in {"key", "is_original_story"}}
            reference, _ = Reference.objects.get_or_create(**ref["key"], defaults=fields)
            Citation.objects.create(
                article=article,
                reference=reference,
                order=order,
                is_original_story=ref.get("is_original_story", False),
            )
        article.relevant_for.set([self.audience(name) for name in demo.RELEVANT_FOR])
        article.also_relevant_for.set([self.audience(name) for name in demo.ALSO_RELEVANT_FOR])
        return article

    def audience(self, name):
        audience, _ = Audience.objects.get_or_create(
            name=name, defaults={"description": demo.AUDIENCE_DESCRIPTIONS.get(name, "")}
        )
        return audience
