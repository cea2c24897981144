"""Demo content of the articles app: the example article, retold in our own words on the
facts of the 2017 XRAYS page, taken through review and published by the demo accounts.
The references, audiences and glossary terms it uses are loaded by their own apps first.
Its Spanish translation is in articles/demo_es.py."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError

from articles import demo_es, workflow
from articles.models import (
    Article,
    ArticleRating,
    Citation,
    ClinicalTrial,
    DoctorQuestion,
    EntryType,
    Guideline,
    RatingLevel,
    Resource,
    Section,
)
from audiences.models import Audience
from references.models import Reference

TITLE = "Does metastasis happen earlier than previously thought?"
SLUG = "does-metastasis-happen-earlier"
POSTED_ON = datetime.date(2017, 3, 28)
SUMMARY = (
    "Two studies in mice with HER2-positive breast cancer found that cancer cells can leave "
    "the breast and spread before a tumor is large enough to be found, and that these early "
    "travellers seed most of the later metastases. The work is early laboratory research: "
    "it does not change treatment today."
)

SECTIONS = [
    {
        "heading": "How scientists believe cancers spread",
        "toc_label": "Theory on how cancer spreads",
        "body": """
<p>For decades, students of cancer biology have learned one story about how cancer spreads.
A tumor first grows where the cancer began, in the original organ or tissue. This is called the
primary tumor. Later, some of its cells may travel to a distant organ and grow there, a process
called metastasis. In this story the primary tumor can be found before it spreads: as a lump that
a person or a health care provider feels, or as a mass seen on a mammogram or another imaging test.</p>
<p>Metastasis is thought of as a late event. As the primary tumor grows, its cells collect genetic
changes called mutations. A few of these changes are believed to help some cells break away and
settle in another organ; some ER-positive breast cancers, for example, learn to spread to the bone.
Seen this way, the cells that spread are more heavily mutated versions of the cells in the primary tumor.</p>
""",
    },
    {
        "heading": "What if metastatic cancers can form earlier than we thought?",
        "toc_label": "What if metastasis can happen earlier?",
        "body": """
<p>Suppose that some of the cells able to spread do not come from a tumor big enough to feel or
to see on a mammogram. Suppose instead that a cell leaves the breast early, before the primary
tumor has fully formed, and that this early cell goes on to become a metastatic cancer.</p>
<p>This matters for treatment. Today, doctors use the genetic make-up of the primary tumor to
help choose treatments meant to remove every cancer cell, so that metastasis does not happen
later. But that genetic information comes from a tumor that has been growing for some time. If
metastatic cancer can start early, cells that left early may not share the genetic features of
the primary tumor, and treatments chosen to match the primary tumor may work less well against them.</p>
<p>Cells that spread early and cells that spread late probably both differ from the primary tumor.
Early-spreading cells may carry fewer mutations than cells from a long-growing cancer, and may need
different treatment strategies. Researchers still need to learn whether these early cells are good
targets for therapy, and how to reach them.</p>
""",
    },
    {
        "heading": "Understanding how metastasis happens is key to preventing and treating it",
        "toc_label": "Studying how metastasis happens",
        "body": """
<p>In an article for STAT, journalist Sharon Begley describes two independent studies published in
the journal <cite>Nature</cite> in December 2016. One team was led by Kathryn Harper at the Icahn School
of Medicine at Mount Sinai; the other by Hedayatollah Hosseini at the University of Regensburg,
with colleagues at several institutions. Both teams tested this unconventional idea in mice with
HER2-positive breast cancer, which mirrors one of the subtypes of breast cancer found in people.</p>
<p>Both studies found that, in these mice, cancer cells spread earlier than expected, before the
primary tumor could be detected. They also found that these early-spreading cells formed metastases
more efficiently than cells that spread later.</p>
<h3>The research is at an early stage</h3>
<p>These findings may change how researchers and doctors think about the spread of cancer, but they
are preliminary results from laboratory studies in mice. Early studies like these are essential for
finding out how a disease works, yet what happens in mice does not always happen in people.</p>
<p>In a commentary published alongside the two studies, Dr. Cyrus Ghajar of the Fred Hutchinson Cancer
Research Center and Dr. Mina Bissell of the Lawrence Berkeley National Laboratory pointed out that the
work was limited to HER2-positive breast cancer. The way metastasis happened in these studies may not
apply to other cancers, or even to other subtypes of breast cancer. Still, Drs. Ghajar and Bissell wrote
that the studies have major implications for preventive treatment, and that researchers should learn
more about the early cells that go on to form metastases and "aim to target" what sets them apart.</p>
""",
    },
    {
        "heading": "What do these results mean for me?",
        "toc_label": "What does this mean for me?",
        "body": """
<p>Much more laboratory work is needed to confirm these findings and to learn whether they can be
used to treat cancer in people. In the meantime, if you have had a primary tumor, keep to the
treatment and follow-up plan your oncologist recommends, and watch for signs of recurrence.
Breast cancer that comes back does not always cause symptoms, but the National Cancer Institute
advises people who have had cancer to talk with a health care provider if they notice:</p>
<ul>
<li>pain or fractures, which may be a sign of spread to the bone;</li>
<li>headaches, seizures or dizziness, which may be a sign of spread to the brain;</li>
<li>shortness of breath, which may be a sign of spread to the lungs;</li>
<li>yellowing of the skin or eyes (jaundice) or swelling in the belly, which may be a sign of spread to the liver.</li>
</ul>
""",
    },
]

DOCTOR_QUESTIONS = [
    "What signs and symptoms should I watch for in case my cancer has spread?",
    "I have breast cancer: have both my primary tumor and my metastatic tumor had tumor testing?",
    "What are the best ways to monitor me for a relapse?",
    "What are the signs or symptoms that my breast cancer has come back?",
]

CLINICAL_TRIALS = [
    {
        "title": "Find clinical trials for metastatic breast cancer (ClinicalTrials.gov search)",
        "registry_id": "",
        "url": "https://clinicaltrials.gov/search?cond=Metastatic%20Breast%20Cancer",
    },
]

GUIDELINES = [
    {
        "issuing_body": "National Comprehensive Cancer Network (NCCN)",
        "title": "NCCN Guidelines for Patients: Metastatic Breast Cancer",
        "url": "https://www.nccn.org/patientresources/patient-resources/guidelines-for-patients",
    },
]

RESOURCES = [
    {
        "title": "Metastatic cancer: when cancer spreads",
        "url": "https://www.cancer.gov/types/metastatic-cancer",
        "description": "The National Cancer Institute explains how and where cancer spreads, and its symptoms.",
    },
]

# At a glance: (scale slug, level slug, why, what the evidence is).
RATINGS = [
    (
        "relevance",
        "medium",
        "Most relevant for people with HER2-positive breast cancer, whose cancer type the mice "
        "modelled. It does not change screening or treatment today.",
        "",
    ),
    (
        "science",
        "low",
        "Two careful studies in top journals agree, but they were done in mice, and mouse results "
        "often do not hold in people.",
        "two studies in mice with HER2-positive breast cancer\ncells and tissue studied in the laboratory",
    ),
    (
        "timeline",
        "pre-clinical",
        "Laboratory research: no treatment based on it has been tested in people.",
        "",
    ),
    (
        "coverage",
        "good",
        "The STAT story explained both studies clearly and said that they were done in mice.",
        "",
    ),
]

RELEVANT_FOR = ["people with breast cancer", "people with HER2-positive cancer"]
ALSO_RELEVANT_FOR = ["men with breast cancer", "people with metastatic or advanced cancer"]
# The references it cites, in order, by title (references/demo.py holds them); the first
# is the news story under review.
CITED = [
    "Cancer cells spread way earlier than thought, seeding metastases that cause most deaths",
    "Metastasis: pathways of parallel progression",
    "Mechanism of early dissemination and metastasis in Her2+ mammary cancer",
    "Early dissemination seeds metastasis in breast cancer",
]


def load(run):
    author, reviewer, editor = (run.accounts.get(name) for name in ("author", "reviewer", "editor"))
    article, created = Article.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": TITLE,
            "summary": SUMMARY,
            "posted_on": POSTED_ON,
            "created_by": author,
            "entry_type": EntryType.ARTICLE_REVIEW,
        },
    )
    rated_now = False
    if created:
        write(article, author)
    elif not article.ratings.exists():
        # An example loaded before articles had ratings gets them, through review.
        rate(article)
        workflow.record_edit(article, by=author, fingerprint_before="")
        rated_now = True
    if article.live_version_id is None or (rated_now and workflow.has_unpublished_changes(article)):
        try:
            # The example goes through the same review as every article.
            if article.state != Article.State.IN_REVIEW:
                workflow.submit_for_review(article, by=author)
            workflow.approve(article, by=reviewer, comment="Checked against the four papers.")
            workflow.publish(
                article,
                by=editor,
                change_summary="" if article.live_version_id is None else "Added ratings at a glance.",
            )
        except (PermissionDenied, ValidationError) as error:
            run.say(
                f"The example article stays unpublished: {' '.join(getattr(error, 'messages', [str(error)]))}"
            )
            return
    run.say(f"Demo article: /articles/{article.live_version.slug}/")
    # Its Spanish translation, reviewed like every article (also added to a database
    # that already has the English example).
    demo_es.load(run, article)


def write(article, author):
    workflow.record_created(article, by=author)
    for order, section in enumerate(SECTIONS, start=1):
        Section.objects.create(article=article, order=order, **section)
    for order, text in enumerate(DOCTOR_QUESTIONS, start=1):
        DoctorQuestion.objects.create(article=article, order=order, text=text)
    for model, rows in [(ClinicalTrial, CLINICAL_TRIALS), (Guideline, GUIDELINES), (Resource, RESOURCES)]:
        for order, row in enumerate(rows, start=1):
            model.objects.create(article=article, order=order, **row)
    for order, title in enumerate(CITED, start=1):
        Citation.objects.create(
            article=article,
            reference=Reference.objects.filter(title=title).first(),
            order=order,
            is_original_story=order == 1,
        )
    article.relevant_for.set(Audience.objects.filter(name__in=RELEVANT_FOR))
    article.also_relevant_for.set(Audience.objects.filter(name__in=ALSO_RELEVANT_FOR))
    rate(article)


def rate(article):
    for criterion, level, rationale, evidence in RATINGS:
        level = (
            RatingLevel.objects.filter(criterion__slug=criterion, slug=level)
            .select_related("criterion")
            .first()
        )
        if level is not None:  # an editor may have removed the scale
            ArticleRating.objects.create(
                article=article,
                criterion=level.criterion,
                level=level,
                rationale=rationale,
                evidence=evidence,
            )
