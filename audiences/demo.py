"""Demo content of the audiences app: the audiences of the example article."""

from audiences.models import Audience

AUDIENCE_DESCRIPTIONS = {
    "people with breast cancer": "Research news for anyone diagnosed with breast cancer, at any stage.",
    "people with HER2-positive cancer": "Research on cancers whose cells make too much of the HER2 protein.",
    "men with breast cancer": "Breast cancer is rare in men, but it happens; these articles apply to them too.",
    "people with metastatic or advanced cancer": "Research about cancer that has spread beyond where it started.",
}


def load(run):
    for name, description in AUDIENCE_DESCRIPTIONS.items():
        Audience.objects.get_or_create(name=name, defaults={"description": description})
