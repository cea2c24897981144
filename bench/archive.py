"""A realistic archive for the page benchmark, written in bulk on top of the demo content:

- ARTICLES published articles, each with 8 sections, 6 references, 4 audiences, questions
  for the doctor, a clinical trial, a guideline and a resource; each one published the way
  the workflow publishes (its snapshot, fingerprint and searchable text), without emails;
- a glossary of GLOSSARY_TERMS terms, words the articles use;
- FOLLOWERS confirmed followers (of the site, an audience or an article);
- SURVEY_RESPONSES answers to the standard survey.

Half of each article's text is the example article's own sections (real markup, real
glossary words), half is made of a Zipf-distributed vocabulary (bench/search.py), so that
search sees thousands of distinct words, as in a real archive.

Called inside a configured Django process: `build(say=print)`.
"""

import datetime
import itertools
import random

ARTICLES = 1_000
SECTIONS_PER_ARTICLE = 8
REFERENCES_PER_ARTICLE = 6
AUDIENCES = 40
REFERENCE_POOL = 1_500
GLOSSARY_TERMS = 300
FOLLOWERS = 10_000
SURVEY_RESPONSES = 20_000
BATCH = 100
SEED = 20170328

HEADINGS = [
    "What is this study about?",
    "Why is this study important?",
    "Study findings",
    "What does this mean for me?",
    "Strengths and limitations",
    "Context",
    "What are the next steps?",
    "How was the study done?",
]


def build(say=print):
    from django.db import connection, transaction

    from bench.search import vocabulary

    rng = random.Random(SEED)
    words = vocabulary(rng)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    with transaction.atomic():
        audiences = make_audiences()
        references = make_references(rng)
        make_glossary(words)
    say(f"  {len(audiences)} audiences, {len(references)} references, {GLOSSARY_TERMS} more glossary terms")
    for first in range(0, ARTICLES, BATCH):
        with transaction.atomic():
            articles = make_articles(
                first, min(BATCH, ARTICLES - first), rng, words, weights, audiences, references
            )
            publish_all(articles)
    say(f"  {ARTICLES:,} published articles")
    with transaction.atomic():
        make_followers(rng, audiences)
        make_survey_responses(rng)
    say(f"  {FOLLOWERS:,} followers, {SURVEY_RESPONSES:,} survey responses")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def make_audiences():
    from audiences.models import Audience

    kinds = ["breast", "ovarian", "prostate", "pancreatic", "colorectal", "lung", "skin", "blood"]
    who = ["people with", "people at high risk of", "survivors of", "families of people with", "men with"]
    names = [f"{w} {k} cancer" for w, k in itertools.product(who, kinds)][:AUDIENCES]
    existing = set(Audience.objects.values_list("name", flat=True))
    Audience.objects.bulk_create(
        [Audience(name=name, slug=name.replace(" ", "-")) for name in names if name not in existing]
    )
    return list(Audience.objects.all())


def make_references(rng):
    from references.models import Reference

    journals = ["Nature", "Science", "The Lancet Oncology", "JAMA Oncology", "Cancer Cell", "NEJM"]
    Reference.objects.bulk_create(
        [
            Reference(
                kind="journal_article" if n % 3 else "news",
                authors=f"Author{n} A\nWriter{n % 97} B",
                title=f"Findings on tumor biology, report {n}",
                publication=rng.choice(journals),
                volume=str(100 + n % 400),
                pages=f"{n % 900}-{n % 900 + 9}",
                published_on=datetime.date(2010 + n % 15, 1 + n % 12, 1 + n % 28),
                doi=f"10.5555/bench.{n}",
                url=f"https://example.org/paper/{n}",
            )
            for n in range(REFERENCE_POOL)
        ]
    )
    return list(Reference.objects.order_by("pk").values_list("pk", flat=True))


def make_glossary(words):
    from glossary.models import Term

    taken = {name.lower() for name in Term.objects.values_list("name", flat=True)}
    # Words the archive's text uses, past the commonest (which no glossary would explain).
    names = [w for w in words[80:] if w.isalpha() and w not in taken][:GLOSSARY_TERMS]
    Term.objects.bulk_create(
        [
            Term(
                name=name, slug=f"{name}-term", definition=f"A plain explanation of {name}, in one sentence."
            )
            for name in names
        ]
    )


def make_articles(first, count, rng, words, weights, audiences, references):
    from django.utils import timezone
    from django.utils.text import slugify

    from articles import demo
    from articles.models import (
        AlsoRelevantAudience,
        Article,
        Citation,
        ClinicalTrial,
        DoctorQuestion,
        Guideline,
        RelevantAudience,
        Resource,
        Section,
    )
    from bench.search import article_texts

    today = timezone.localdate()
    articles = Article.objects.bulk_create(
        [
            Article(
                title=f"{title[:200]} ({n})",
                slug=f"bench-article-{n}",
                summary=summary,
                posted_on=today - datetime.timedelta(days=n),
            )
            for n, (title, summary, _) in (
                (n, article_texts(rng, words, weights)) for n in range(first, first + count)
            )
        ]
    )
    sections, cited, items, relevant, also = [], [], [], [], []
    for article in articles:
        _, _, made_up = article_texts(rng, words, weights)
        pieces = [made_up[i : i + 600] for i in range(0, 2400, 600)]
        for order in range(SECTIONS_PER_ARTICLE):
            if order % 2 == 0:
                body = demo.SECTIONS[(order // 2 + article.pk) % len(demo.SECTIONS)]["body"].strip()
            else:
                body = f"<p>{pieces[order // 2].strip()}.</p>"
            heading = HEADINGS[order]
            sections.append(
                Section(article=article, order=order, heading=heading, anchor=slugify(heading), body=body)
            )
        for order, pk in enumerate(rng.sample(references, REFERENCES_PER_ARTICLE)):
            cited.append(
                Citation(article=article, reference_id=pk, order=order, is_original_story=order == 0)
            )
        for order, text in enumerate(demo.DOCTOR_QUESTIONS):
            items.append(DoctorQuestion(article=article, order=order, text=text))
        items.append(ClinicalTrial(article=article, order=0, **demo.CLINICAL_TRIALS[0]))
        items.append(Guideline(article=article, order=0, **demo.GUIDELINES[0]))
        items.append(Resource(article=article, order=0, **demo.RESOURCES[0]))
        chosen = rng.sample(audiences, 4)
        relevant += [RelevantAudience(content_object=article, tag=a) for a in chosen[:2]]
        also += [AlsoRelevantAudience(content_object=article, tag=a) for a in chosen[2:]]
    Section.objects.bulk_create(sections)
    Citation.objects.bulk_create(cited)
    for model in (DoctorQuestion, ClinicalTrial, Guideline, Resource):
        model.objects.bulk_create([item for item in items if type(item) is model])
    RelevantAudience.objects.bulk_create(relevant)
    AlsoRelevantAudience.objects.bulk_create(also)
    return [a.pk for a in articles]


def publish_all(article_ids):
    """What the workflow's publish writes, for many articles at once: each article's
    snapshot as version 1, made live."""
    from django.utils import timezone

    from articles import snapshot as article_content
    from articles.models import Article, PublishedVersion
    from articles.snapshot import SNAPSHOT_PREFETCH
    from articles.text import article_text
    from articles.workflow.publication import PAGES_SCOPE
    from xrays import generations

    now = timezone.now()
    articles = list(Article.objects.filter(pk__in=article_ids).prefetch_related(*SNAPSHOT_PREFETCH))
    versions = []
    for article in articles:
        content = article_content.snapshot(article)
        content["posted_on"] = article.posted_on.isoformat()
        versions.append(
            PublishedVersion(
                article=article,
                number=1,
                published_at=now - datetime.timedelta(days=article.pk % 3650),
                title=content["title"],
                slug=content["slug"],
                summary=content["summary"],
                posted_on=article.posted_on,
                body_text=article_text(content).body_text,
                fingerprint=article_content.fingerprint(content),
                content=content,
            )
        )
    versions = PublishedVersion.objects.bulk_create(versions)
    relevant = PublishedVersion.relevant_for.through
    also = PublishedVersion.also_relevant_for.through
    relevant.objects.bulk_create(
        [
            relevant(publishedversion=v, audience_id=a["id"])
            for v in versions
            for a in v.content["relevant_for"]
        ]
    )
    also.objects.bulk_create(
        [
            also(publishedversion=v, audience_id=a["id"])
            for v in versions
            for a in v.content["also_relevant_for"]
        ]
    )
    for article, version in zip(articles, versions, strict=True):
        article.live_version = version
        article.state = Article.State.PUBLISHED
    Article.objects.bulk_update(articles, ["live_version", "state"])
    generations.bump(PAGES_SCOPE)


def make_followers(rng, audiences):
    from django.utils import timezone

    from articles.models import Article
    from subscriptions.models import Subscriber, Subscription

    now = timezone.now()
    article_ids = list(Article.objects.values_list("pk", flat=True))
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"follower{n:05}@example.org", confirmed_at=now) for n in range(FOLLOWERS)],
        batch_size=2_000,
    )
    follows = []
    for n, subscriber in enumerate(subscribers):
        kind = n % 3
        follows.append(
            Subscription(
                subscriber=subscriber,
                confirmed_at=now,
                article_id=rng.choice(article_ids) if kind == 1 else None,
                audience=rng.choice(audiences) if kind == 2 else None,
            )
        )
    Subscription.objects.bulk_create(follows, batch_size=2_000)


def make_survey_responses(rng):
    from articles.models import Article
    from surveys.models import Answer, Question, Response, Survey

    survey = Survey.objects.get(is_default=True)
    rating = survey.questions.filter(kind=Question.Kind.RATING).first()
    yes_no = survey.questions.filter(kind=Question.Kind.YES_NO).first()
    article_ids = list(Article.objects.values_list("pk", flat=True))
    responses = Response.objects.bulk_create(
        [
            Response(survey=survey, article_id=rng.choice(article_ids), version_number=1)
            for _ in range(SURVEY_RESPONSES)
        ],
        batch_size=2_000,
    )
    answers = []
    for response in responses:
        answers.append(Answer(response=response, question=rating, number=rng.randint(1, 5)))
        answers.append(Answer(response=response, question=yes_no, yes=rng.random() < 0.8))
    Answer.objects.bulk_create(answers, batch_size=4_000)
