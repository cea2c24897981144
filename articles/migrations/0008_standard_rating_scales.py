from django.db import migrations

# The four scales of XRAYS reviews, each with its levels, lowest first. Editors add
# scales and levels in the admin; this only makes the first ones.
SCALES = [
    ("Relevance", "relevance", "How much the research matters now, and for whom.", False,
     ["Low", "Medium", "High"]),
    ("Strength of science", "science", "How strong the evidence is, and what it is.", True,
     ["Low", "Medium", "High"]),
    ("Research timeline", "timeline", "How far the research is from use in people's care.", False,
     ["Pre-clinical", "Early human trials", "Late-stage trials", "In practice"]),
    ("Quality of the news coverage", "coverage", "How well the original story reported the research.", False,
     ["Poor", "Fair", "Good"]),
]


def make_scales(apps, schema_editor):
    RatingCriterion = apps.get_model("articles", "RatingCriterion")
    RatingLevel = apps.get_model("articles", "RatingLevel")
    for order, (name, slug, description, evidence, levels) in enumerate(SCALES, start=1):
        criterion, _ = RatingCriterion.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "asks_for_evidence": evidence, "order": order},
        )
        for rank, level in enumerate(levels, start=1):
            RatingLevel.objects.get_or_create(
                criterion=criterion,
                slug=level.lower().replace(" ", "-"),
                defaults={"name": level, "order": rank},
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_ratings_and_entry_types")]

    operations = [migrations.RunPython(make_scales, migrations.RunPython.noop)]
