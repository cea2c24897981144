"""Demo content of the glossary app: the terms the example article uses."""

from glossary.models import Term

GLOSSARY = [
    {
        "name": "metastasis",
        "variants": "metastases\nmetastatic\nmetastasize\nmetastasizes\nmetastasized\nmetastasizing",
        "definition": "The spread of cancer cells from where the cancer started to another part of the body, "
        "where they form new tumors.",
    },
    {
        "name": "mammogram",
        "variants": "mammograms\nmammography",
        "definition": "An X-ray picture of the breast, used to look for breast cancer.",
    },
    {
        "name": "HER2-positive",
        "variants": "HER2+",
        "definition": "Describes a cancer whose cells make too much of a protein called HER2, which helps them grow. "
        "Some treatments target HER2.",
    },
    {
        "name": "primary tumor",
        "variants": "primary tumors\nprimary cancer",
        "definition": "The first tumor, in the organ or tissue where the cancer began.",
    },
    {
        "name": "recurrence",
        "variants": "recurrent\nrelapse",
        "definition": "Cancer that comes back after treatment, in the same place or elsewhere in the body.",
    },
    {
        "name": "mutation",
        "variants": "mutations\nmutated",
        "definition": "A change in a cell's genes. Some mutations help cancer cells grow or spread.",
    },
    {
        "name": "oncologist",
        "variants": "oncologists",
        "definition": "A doctor who specializes in treating cancer.",
    },
]


def load(run):
    for term in GLOSSARY:
        Term.objects.get_or_create(name=term["name"], defaults=term)
