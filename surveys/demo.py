"""The surveys app's part of the demo: the "brief survey" every article invites readers
to (the example page ends with "Share your thoughts on this XRAYS article by taking our
brief survey"), as the site-wide default, with its Spanish beside each text."""

from surveys.models import Choice, Question, Survey

SLUG = "brief-survey"
INTRODUCTION = (
    "<p>Six short questions about the article you just read. Every question is optional but the "
    "first. Your answers help our editors see which articles help readers, and which need rewriting.</p>"
)
INTRODUCTION_ES = (
    "<p>Seis preguntas cortas sobre el artículo que acaba de leer. Solo la primera es obligatoria. "
    "Sus respuestas ayudan a nuestros editores a saber qué artículos les sirven a los lectores "
    "y cuáles hay que volver a escribir.</p>"
)
QUESTIONS = [
    {
        "kind": Question.Kind.RATING,
        "text": "How helpful was this article?",
        "text_es": "¿Qué tan útil le resultó este artículo?",
        "required": True,
        "scale_min_label": "Not at all helpful",
        "scale_min_label_es": "Nada útil",
        "scale_max_label": "Very helpful",
        "scale_max_label_es": "Muy útil",
    },
    {
        "kind": Question.Kind.YES_NO,
        "text": "Was the article easy to understand?",
        "text_es": "¿Le resultó fácil entender el artículo?",
    },
    {
        "kind": Question.Kind.SINGLE,
        "text": "Which describes you best?",
        "text_es": "¿Qué opción lo describe mejor?",
        # (English, Spanish) for each choice.
        "choices": [
            ("I have or had cancer", "Tengo o tuve cáncer"),
            ("I have a high risk of cancer", "Tengo un riesgo alto de cáncer"),
            ("A family member or friend", "Soy familiar o amigo de alguien con cáncer"),
            ("A health care professional", "Soy profesional de la salud"),
            ("Other", "Otra"),
        ],
    },
    {
        "kind": Question.Kind.MULTIPLE,
        "text": "What will you do with what you learned?",
        "text_es": "¿Qué hará con lo que aprendió?",
        "choices": [
            ("Talk with my doctor about it", "Hablarlo con mi médico"),
            ("Share it with family or friends", "Compartirlo con familiares o amigos"),
            ("Look for a clinical trial", "Buscar un ensayo clínico"),
            ("Read more about it", "Leer más sobre el tema"),
            ("Nothing for now", "Nada por ahora"),
        ],
    },
    {
        "kind": Question.Kind.SHORT_TEXT,
        "text": "In a few words, what was most useful?",
        "text_es": "En pocas palabras, ¿qué le resultó más útil?",
    },
    {
        "kind": Question.Kind.LONG_TEXT,
        "text": "What else would you like to tell us?",
        "text_es": "¿Hay algo más que quiera decirnos?",
        "help_text": "For example, a word we did not explain, or a question the article left open.",
        "help_text_es": "Por ejemplo, una palabra que no explicamos o una pregunta que el artículo dejó sin responder.",
    },
]


SPANISH_FIELDS = ["text_es", "help_text_es", "scale_min_label_es", "scale_max_label_es"]


def add_spanish(survey):
    """Write the Spanish into a demo survey made before it had any, where still empty
    (an editor's own Spanish is kept)."""
    if not survey.title_es and not survey.introduction_es:
        survey.title_es, survey.introduction_es = "Breve encuesta sobre este artículo", INTRODUCTION_ES
        survey.save(update_fields=["title_es", "introduction_es"])
    specs = {spec["text"]: spec for spec in QUESTIONS}
    for question in survey.questions.prefetch_related("choices"):
        spec = specs.get(question.text, {})
        empty = [name for name in SPANISH_FIELDS if spec.get(name) and not getattr(question, name)]
        for name in empty:
            setattr(question, name, spec[name])
        if empty:
            question.save(update_fields=empty)
        spanish = dict(spec.get("choices", []))
        for choice in question.choices.all():
            if not choice.text_es and spanish.get(choice.text):
                choice.text_es = spanish[choice.text]
                choice.save(update_fields=["text_es"])


def load(run):
    existing = Survey.objects.filter(slug=SLUG).first()
    if existing is not None:
        add_spanish(existing)
        return
    survey = Survey.objects.create(
        title="Brief survey about this article",
        title_es="Breve encuesta sobre este artículo",
        slug=SLUG,
        introduction=INTRODUCTION,
        introduction_es=INTRODUCTION_ES,
        is_default=not Survey.objects.filter(is_default=True).exists(),
    )
    for order, spec in enumerate(QUESTIONS):
        spec = dict(spec)
        choices = spec.pop("choices", [])
        question = Question.objects.create(survey=survey, order=order, **spec)
        Choice.objects.bulk_create(
            [
                Choice(question=question, order=n, text=text, text_es=text_es)
                for n, (text, text_es) in enumerate(choices)
            ]
        )
    run.say(f"Survey “{survey.title}” at /surveys/{SLUG}/ (the site-wide default).")
