"""Demo content of the suggestions app: two readers' suggestions in the editors' queue,
one new and one of the example article's own news story (with a newsletter's tracking
parameters), which the queue shows as a duplicate of that article."""

from suggestions import services
from suggestions.models import Suggestion

SUGGESTIONS = [
    {
        "link": "https://www.example.org/health/2026/11/blood-test-finds-early-cancer/",
        "why": "My sister is waiting for a screening appointment and asked me whether a blood test like "
        "this could replace her mammogram.",
    },
    {
        "link": "https://www.statnews.com/2016/12/14/cancer-metastasis-early/?utm_source=newsletter&utm_medium=email",
        "why": "I was diagnosed with early breast cancer last year and this headline scared me.",
    },
]


def load(run):
    added = 0
    for item in SUGGESTIONS:
        if not Suggestion.objects.filter(link=item["link"]).exists():
            services.receive_suggestion(link=item["link"], why=item["why"], language="en")
            added += 1
    if added:
        run.say(f"Readers' story suggestions in the editors' queue: {added}.")
