import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

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
from xrays import roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "pass")
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(role_group(extracted))


def role_group(name):
    """The role's group. A transactional test flushes the tables, and with them the
    groups the data migration made: make them again then."""
    if not Group.objects.filter(name=name).exists():
        roles.sync_roles()
    return Group.objects.get(name=name)


def editor(**kwargs):
    return UserFactory(role=roles.EDITORS, **kwargs)


def author(**kwargs):
    return UserFactory(role=roles.AUTHORS, **kwargs)


def reviewer(**kwargs):
    return UserFactory(role=roles.REVIEWERS, **kwargs)


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"people with cancer type {n}")


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    kind = Reference.Kind.JOURNAL_ARTICLE
    authors = "Harper KL\nSosa MS\nEntenberg D"
    title = factory.Sequence(lambda n: f"A study of early dissemination, part {n}")
    publication = "Nature"
    volume = "540"
    pages = "588-92"
    published_on = datetime.date(2016, 12, 22)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    name = factory.Sequence(lambda n: f"term{n}")
    definition = "A plain explanation."


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"What a new study says, number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short, plain summary of what the study found."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    article = factory.SubFactory(ArticleFactory)
    heading = factory.Sequence(lambda n: f"Section heading {n}")
    body = "<p>Cancer cells can spread early.</p>"
    order = factory.Sequence(int)


def full_article(n_items=1, **kwargs):
    """A draft with `n_items` of every kind of content: sections, questions, trials,
    guidelines, resources, references and audiences of both kinds."""
    article = ArticleFactory(**kwargs)
    for i in range(n_items):
        SectionFactory(article=article, heading=f"Part {i}", body=f"<p>Body text {i} about metastasis.</p>")
        DoctorQuestion.objects.create(article=article, order=i, text=f"Question {i}?")
        ClinicalTrial.objects.create(
            article=article,
            order=i,
            title=f"Trial {i}",
            registry_id=f"NCT0000000{i}",
            url=f"https://clinicaltrials.gov/study/NCT0000000{i}",
        )
        Guideline.objects.create(
            article=article, order=i, issuing_body="NCCN", title=f"Guideline {i}", url="https://www.nccn.org/"
        )
        Resource.objects.create(
            article=article, order=i, title=f"Resource {i}", url="https://www.cancer.gov/"
        )
        Citation.objects.create(
            article=article, reference=ReferenceFactory(), order=i, is_original_story=i == 0
        )
        article.relevant_for.add(AudienceFactory(name=f"relevant audience {i}"))
        article.also_relevant_for.add(AudienceFactory(name=f"also relevant audience {i}"))
    return article


def standard_rating_scales():
    """The four rating scales the data migration makes, made again if a transactional
    test flushed them; returns {scale slug: {level slug: RatingLevel}}."""
    import importlib

    from django.apps import apps

    from articles.models import RatingLevel

    importlib.import_module("articles.migrations.0008_standard_rating_scales").make_scales(apps, None)
    scales = {}
    for level in RatingLevel.objects.select_related("criterion"):
        scales.setdefault(level.criterion.slug, {})[level.slug] = level
    return scales


def rate(article, scale, level, rationale="Because of what the study found.", evidence=""):
    """Give `article` the rating `level` (a slug) on `scale` (a slug), replacing any."""
    from articles.models import ArticleRating

    chosen = standard_rating_scales()[scale][level]
    rating, _ = ArticleRating.objects.update_or_create(
        article=article,
        criterion=chosen.criterion,
        defaults={"level": chosen, "rationale": rationale, "evidence": evidence},
    )
    return rating


def spanish_translation(source, **fields):
    """A draft Spanish translation of the published `source`, started as a translator
    starts one (articles.translations) and with its words in Spanish: `fields` (title,
    slug, summary) are set, and its first section is translated."""
    from articles.translations import start_translation

    translation = start_translation(source, "es", by=author(username="translator"))
    translation.title = fields.pop("title", f"Traducción: {source.title}")
    translation.summary = fields.pop("summary", "Un resumen breve y claro de lo que encontró el estudio.")
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    section = translation.sections.first()
    section.heading = "Lo que encontró el estudio"
    section.body = "<p>Las células del cáncer pueden diseminarse pronto.</p>"
    section.save()
    return translation
