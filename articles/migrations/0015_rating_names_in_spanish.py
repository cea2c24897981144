"""Rating scales and levels get Spanish names, for Spanish pages (articles.templatetags
.rating_names). The four standard scales made by 0008 get theirs here, where an editor
has not renamed them since: a scale or level renamed in English is left for the
editors to translate (Spanish pages show the English name until then)."""

from django.db import migrations, models

# {scale slug: (English name, Spanish name, Spanish description, {level slug: (English, Spanish)})}
# Levels agree with their scale's noun, all feminine: "Relevancia: Alta",
# "Etapa de la investigación: Preclínica", "Calidad de la cobertura periodística: Buena".
SPANISH = {
    "relevance": (
        "Relevance",
        "Relevancia",
        "Cuánto importa hoy la investigación, y para quién.",
        {"low": ("Low", "Baja"), "medium": ("Medium", "Media"), "high": ("High", "Alta")},
    ),
    "science": (
        "Strength of science",
        "Solidez de la ciencia",
        "Qué tan sólida es la evidencia, y de qué tipo es.",
        {"low": ("Low", "Baja"), "medium": ("Medium", "Media"), "high": ("High", "Alta")},
    ),
    "timeline": (
        "Research timeline",
        "Etapa de la investigación",
        "Qué tan lejos está la investigación de usarse en la atención médica de las personas.",
        {
            "pre-clinical": ("Pre-clinical", "Preclínica"),
            "early-human-trials": ("Early human trials", "Primeros ensayos en personas"),
            "late-stage-trials": ("Late-stage trials", "Ensayos en etapa avanzada"),
            "in-practice": ("In practice", "En la práctica médica"),
        },
    ),
    "coverage": (
        "Quality of the news coverage",
        "Calidad de la cobertura periodística",
        "Qué tan bien informó la noticia original sobre la investigación.",
        {"poor": ("Poor", "Mala"), "fair": ("Fair", "Regular"), "good": ("Good", "Buena")},
    ),
}


def name_standard_scales(apps, schema_editor):
    """Fill the Spanish names of the standard scales and levels still named as 0008 made
    them, leaving any Spanish an editor has already written."""
    RatingCriterion = apps.get_model("articles", "RatingCriterion")
    RatingLevel = apps.get_model("articles", "RatingLevel")
    for slug, (english, spanish, description, levels) in SPANISH.items():
        RatingCriterion.objects.filter(slug=slug, name=english, name_es="").update(name_es=spanish)
        RatingCriterion.objects.filter(slug=slug, name=english, description_es="").update(
            description_es=description
        )
        for level_slug, (level_english, level_spanish) in levels.items():
            RatingLevel.objects.filter(
                criterion__slug=slug, slug=level_slug, name=level_english, name_es=""
            ).update(name_es=level_spanish)


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_spanish_search")]

    operations = [
        migrations.AddField(
            model_name="ratingcriterion",
            name="description_es",
            field=models.CharField(
                blank=True,
                help_text="What this rates, in plain Spanish.",
                max_length=300,
                verbose_name="Spanish description",
            ),
        ),
        migrations.AddField(
            model_name="ratingcriterion",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text='As Spanish readers see it, e.g. "Solidez de la ciencia". Until it is filled in, Spanish pages show the English name.',
                max_length=100,
                verbose_name="Spanish name",
            ),
        ),
        migrations.AddField(
            model_name="ratinglevel",
            name="name_es",
            field=models.CharField(
                blank=True,
                help_text='As Spanish readers see it, e.g. "Preclínica". Until it is filled in, Spanish pages show the English name.',
                max_length=60,
                verbose_name="Spanish name",
            ),
        ),
        migrations.RunPython(name_standard_scales, migrations.RunPython.noop),
    ]
