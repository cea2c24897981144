"""Demo content of the volunteers app: two offers waiting in the editors' queue, so that
the queue and its steps can be tried (`manage.py load_demo`). Their addresses are on
example.org, which takes no mail."""

from volunteers import offers
from volunteers.models import VolunteerOffer

OFFERS = [
    {
        "name": "Dr. Ana Ruiz",
        "email": "ana.ruiz@example.org",
        "kind": VolunteerOffer.Kind.HEALTH_PROFESSIONAL,
        "role": "breast oncologist, Hospital Universitario (example)",
        "areas": "breast cancer, hereditary risk, BRCA",
        "languages": ["en", "es"],
        "note": "Happy to review in Spanish.",
        "language": "es",
    },
    {
        "name": "Sam Taylor",
        "email": "sam.taylor@example.org",
        "kind": VolunteerOffer.Kind.PATIENT_ADVOCATE,
        "role": "Project LEAD graduate, breast cancer survivor",
        "areas": "breast cancer treatment, clinical trials",
        "languages": ["en"],
        "note": "",
        "language": "en",
    },
]


def load(run):
    for offer in OFFERS:
        if not VolunteerOffer.objects.from_address(offer["email"]).exists():
            offers.record_offer(**offer)
