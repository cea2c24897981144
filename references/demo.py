"""Demo content of the references app: the four references of the example page, with its
bibliographic facts and the names it misspelled put right (Begley, Ghajar, Bissell)."""

import datetime

from references.models import Reference

REFERENCES = [
    {
        "key": {
            "title": "Cancer cells spread way earlier than thought, seeding metastases that cause most deaths"
        },
        "kind": "news",
        "authors": "Begley S",
        "publication": "STAT",
        "published_online_on": datetime.date(2016, 12, 14),
        "url": "https://www.statnews.com/2016/12/14/cancer-metastasis-early/",
    },
    {
        "key": {"title": "Metastasis: pathways of parallel progression"},
        "kind": "commentary",
        "authors": "Ghajar CM\nBissell MJ",
        "publication": "Nature",
        "volume": "540",
        "pages": "528-529",
        "published_on": datetime.date(2016, 12, 22),
        "published_online_on": datetime.date(2016, 12, 22),
    },
    {
        "key": {"title": "Mechanism of early dissemination and metastasis in Her2+ mammary cancer"},
        "kind": "journal",
        "authors": "Harper KL\nSosa MS\nEntenberg D",
        "more_authors": True,
        "publication": "Nature",
        "volume": "540",
        "pages": "588-92",
        "published_on": datetime.date(2016, 12, 22),
        "published_online_on": datetime.date(2016, 12, 22),
    },
    {
        "key": {"title": "Early dissemination seeds metastasis in breast cancer"},
        "kind": "journal",
        "authors": "Hosseini H\nObradovic M\nHoffmann M",
        "more_authors": True,
        "publication": "Nature",
        "volume": "540",
        "pages": "552-558",
        "published_on": datetime.date(2016, 12, 22),
        "published_online_on": datetime.date(2016, 12, 22),
    },
]


def load(run):
    for ref in REFERENCES:
        fields = {k: v for k, v in ref.items() if k != "key"}
        Reference.objects.get_or_create(**ref["key"], defaults=fields)
