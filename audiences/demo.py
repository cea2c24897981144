"""Demo content of the audiences app: the audiences of the example article."""

from audiences.models import Audience

AUDIENCE_DESCRIPTIONS = {
    "people with breast cancer": "Research news for anyone diagnosed with breast cancer, at any stage.",
    "people with HER2-positive cancer": "Research on cancers whose cells make too much of the HER2 protein.",
    "men with breast cancer": "Breast cancer is rare in men, but it happens; these articles apply to them too.",
    "people with metastatic or advanced cancer": "Research about cancer that has spread beyond where it started.",
}


# The Spanish of each audience above: (name, description).
SPANISH = {
    "people with breast cancer": (
        "personas con cáncer de mama",
        "Noticias de investigación para cualquier persona con un diagnóstico de cáncer de mama, en cualquier etapa.",
    ),
    "people with HER2-positive cancer": (
        "personas con cáncer HER2 positivo",
        "Investigación sobre cánceres cuyas células producen demasiada cantidad de la proteína HER2.",
    ),
    "men with breast cancer": (
        "hombres con cáncer de mama",
        "El cáncer de mama es poco común en los hombres, pero ocurre; estos artículos también son para ellos.",
    ),
    "people with metastatic or advanced cancer": (
        "personas con cáncer metastásico o avanzado",
        "Investigación sobre el cáncer que se ha extendido más allá del lugar donde empezó.",
    ),
}


def load(run):
    for name, description in AUDIENCE_DESCRIPTIONS.items():
        name_es, description_es = SPANISH[name]
        spanish = {"name_es": name_es, "description_es": description_es}
        audience, created = Audience.objects.get_or_create(
            name=name, defaults={"description": description, **spanish}
        )
        if not created and not audience.name_es and not audience.description_es:
            # Audiences loaded before they had Spanish names get them; an editor's stay.
            for field, value in spanish.items():
                setattr(audience, field, value)
            audience.save()
