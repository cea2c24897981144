"""Demo content of the glossary app: the terms the example article uses, in English and
in Spanish (the Spanish example article marks the Spanish words)."""

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


# The Spanish of each term above, by English name: (term, variants, definition).
SPANISH = {
    "metastasis": (
        "metástasis",
        "metastásico\nmetastásica\nmetastásicos\nmetastásicas",
        "Cuando células del cáncer se desprenden del lugar donde empezó el cáncer y llegan a otra "
        "parte del cuerpo, donde forman nuevos tumores.",
    ),
    "mammogram": (
        "mamografía",
        "mamografías",
        "Una radiografía de la mama. Se usa para buscar cáncer de mama.",
    ),
    "HER2-positive": (
        "HER2 positivo",
        "HER2 positiva\nHER2 positivos\nHER2 positivas\nHER2+",
        "Describe un cáncer cuyas células producen demasiada cantidad de una proteína llamada HER2, "
        "que las ayuda a crecer. Algunos tratamientos actúan contra la HER2.",
    ),
    "primary tumor": (
        "tumor primario",
        "tumores primarios\ncáncer primario",
        "El primer tumor, en el órgano o el tejido donde comenzó el cáncer.",
    ),
    "recurrence": (
        "recurrencia",
        "recaída\nrecaídas\nrecidiva",
        "Cáncer que vuelve después del tratamiento, en el mismo lugar o en otra parte del cuerpo.",
    ),
    "mutation": (
        "mutación",
        "mutaciones",
        "Un cambio en los genes de una célula. Algunas mutaciones ayudan a que las células del "
        "cáncer crezcan o se diseminen.",
    ),
    "oncologist": (
        "oncólogo",
        "oncóloga\noncólogos\noncólogas",
        "Un médico que se especializa en tratar el cáncer.",
    ),
}


def load(run):
    for term in GLOSSARY:
        name_es, variants_es, definition_es = SPANISH[term["name"]]
        spanish = {"name_es": name_es, "variants_es": variants_es, "definition_es": definition_es}
        found, created = Term.objects.get_or_create(name=term["name"], defaults={**term, **spanish})
        if not created and not found.name_es and not found.definition_es:
            # A glossary loaded before terms had Spanish gets it; an editor's Spanish stays.
            for field, value in spanish.items():
                setattr(found, field, value)
            found.save()
