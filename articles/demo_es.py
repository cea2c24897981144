"""The Spanish translation of the demo's example article (articles/demo.py), made the
way a translator makes one: started from the English live version with
`start_translation`, translated part by part in place (the sections keep their anchors,
the lists their order), then submitted, approved by the demo reviewer and published.

The words are written for frightened readers: plain, warm, accurate Spanish (neutral
Latin American, "usted"), with the glossary's Spanish terms (glossary/demo.py) so that
they are marked on the page.
"""

from django.core.exceptions import PermissionDenied, ValidationError

from articles import workflow
from articles.models import Article
from articles.translations import start_translation, translation_in
from articles.workflow.rules import draft_content

LANGUAGE = "es"
TITLE = "¿La metástasis ocurre antes de lo que se pensaba?"
SLUG = "la-metastasis-ocurre-antes"
SUMMARY = (
    "Dos estudios en ratones con cáncer de mama HER2 positivo encontraron que las células del "
    "cáncer pueden salir de la mama y diseminarse antes de que el tumor sea lo bastante grande "
    "para detectarlo, y que estas células que viajan temprano dan origen a la mayoría de las "
    "metástasis posteriores. Es una investigación de laboratorio en una etapa inicial: hoy no "
    "cambia el tratamiento."
)

# The sections of articles/demo.py, in the same order (the anchors come from the English).
SECTIONS = [
    {
        "heading": "Cómo creen los científicos que se disemina el cáncer",
        "toc_label": "Cómo se disemina el cáncer",
        "body": """
<p>Durante décadas, quienes estudian la biología del cáncer han aprendido una misma explicación
de cómo se disemina el cáncer. Primero crece un tumor en el lugar donde empezó el cáncer, en el
órgano o el tejido original. A este tumor se le llama tumor primario. Más tarde, algunas de sus
células pueden viajar a un órgano lejano y crecer allí. Ese proceso se llama metástasis. Según
esta explicación, el tumor primario se puede encontrar antes de que se disemine: como un bulto
que la persona o un profesional de la salud palpa, o como una masa que se ve en una mamografía
u otro estudio de imágenes.</p>
<p>Por eso se piensa que la metástasis ocurre tarde. A medida que el tumor primario crece, sus
células acumulan cambios genéticos llamados mutaciones. Se cree que algunos de estos cambios
ayudan a ciertas células a desprenderse y a instalarse en otro órgano; por ejemplo, algunos
cánceres de mama con receptores de estrógeno (RE positivos) aprenden a diseminarse a los huesos.
Vistas así, las células que se diseminan son versiones del tumor primario con todavía más
mutaciones.</p>
""",
    },
    {
        "heading": "¿Y si los cánceres metastásicos pudieran formarse antes de lo que creíamos?",
        "toc_label": "¿Y si la metástasis ocurre antes?",
        "body": """
<p>Supongamos que algunas de las células capaces de diseminarse no vienen de un tumor lo bastante
grande como para palparlo o verlo en una mamografía. Supongamos, en cambio, que una célula sale de
la mama temprano, antes de que el tumor primario se haya formado del todo, y que esa célula
temprana luego se convierte en un cáncer metastásico.</p>
<p>Esto importa para el tratamiento. Hoy, los médicos usan la composición genética del tumor
primario para ayudar a elegir tratamientos que buscan eliminar todas las células del cáncer, para
que la metástasis no ocurra más adelante. Pero esa información genética viene de un tumor que ha
estado creciendo por algún tiempo. Si el cáncer metastásico puede empezar temprano, las células
que salieron temprano tal vez no compartan las características genéticas del tumor primario, y
los tratamientos elegidos según el tumor primario podrían funcionar peor contra ellas.</p>
<p>Es probable que tanto las células que se diseminan temprano como las que se diseminan tarde
sean distintas del tumor primario. Las que se diseminan temprano pueden tener menos mutaciones que
las células de un cáncer que lleva mucho tiempo creciendo, y quizás necesiten otras estrategias de
tratamiento. Los investigadores todavía tienen que averiguar si estas células tempranas son un buen
blanco para los tratamientos, y cómo llegar a ellas.</p>
""",
    },
    {
        "heading": "Entender cómo ocurre la metástasis es clave para prevenirla y tratarla",
        "toc_label": "Cómo se estudia la metástasis",
        "body": """
<p>En un artículo para STAT, la periodista Sharon Begley describe dos estudios independientes
publicados en la revista <cite>Nature</cite> en diciembre de 2016. Un equipo estuvo dirigido por
Kathryn Harper, de la Escuela de Medicina Icahn de Mount Sinai, en Nueva York; el otro, por
Hedayatollah Hosseini, de la Universidad de Ratisbona, en Alemania, con colegas de varias
instituciones. Los dos equipos pusieron a prueba esta idea poco común en ratones con cáncer de
mama HER2 positivo, que se parece a uno de los subtipos de cáncer de mama que tienen las
personas.</p>
<p>Los dos estudios encontraron que, en estos ratones, las células del cáncer se diseminaron antes
de lo esperado, cuando todavía no se podía detectar el tumor primario. También encontraron que
estas células que se diseminaron temprano formaron metástasis con más facilidad que las células
que se diseminaron después.</p>
<h3>La investigación está en una etapa inicial</h3>
<p>Estos hallazgos podrían cambiar lo que los investigadores y los médicos piensan sobre la
diseminación del cáncer, pero son resultados preliminares de estudios de laboratorio en ratones.
Los estudios iniciales como estos son esenciales para entender cómo funciona una enfermedad, pero
lo que pasa en los ratones no siempre pasa en las personas.</p>
<p>En un comentario publicado junto con los dos estudios, el Dr. Cyrus Ghajar, del Centro de
Investigación del Cáncer Fred Hutchinson, y la Dra. Mina Bissell, del Laboratorio Nacional
Lawrence Berkeley, señalaron que el trabajo se limitó al cáncer de mama HER2 positivo. Es posible
que la metástasis no ocurra de la misma forma en otros cánceres, ni siquiera en otros subtipos de
cáncer de mama. Aun así, los dos científicos escribieron que los estudios son muy importantes para
el tratamiento preventivo, y que los investigadores deberían aprender más sobre las células
tempranas que luego forman metástasis y “procurar atacar” lo que las hace diferentes.</p>
""",
    },
    {
        "heading": "¿Qué significan estos resultados para mí?",
        "toc_label": "¿Qué significa esto para mí?",
        "body": """
<p>Se necesita mucho más trabajo de laboratorio para confirmar estos hallazgos y para saber si se
pueden usar para tratar el cáncer en las personas. Mientras tanto, si usted ha tenido un tumor
primario, siga el plan de tratamiento y de controles que le recomiende su oncólogo, y esté atento
a las señales de una recurrencia. El cáncer de mama que regresa no siempre causa síntomas, pero el
Instituto Nacional del Cáncer de los Estados Unidos aconseja a las personas que han tenido cáncer
que hablen con un profesional de la salud si notan:</p>
<ul>
<li>dolor o fracturas, que pueden ser una señal de que el cáncer llegó a los huesos;</li>
<li>dolores de cabeza, convulsiones o mareos, que pueden ser una señal de que llegó al cerebro;</li>
<li>falta de aire, que puede ser una señal de que llegó a los pulmones;</li>
<li>color amarillo en la piel o en lo blanco de los ojos (ictericia), o hinchazón del vientre, que
pueden ser una señal de que llegó al hígado.</li>
</ul>
""",
    },
]

# The items of each fixed list, in the English order, field by field.
LISTS = {
    "doctor_questions": [
        {"text": "¿Qué señales y síntomas debo vigilar por si mi cáncer se ha diseminado?"},
        {
            "text": "Tengo cáncer de mama: ¿se han hecho pruebas tanto de mi tumor primario como de mi tumor metastásico?"
        },
        {"text": "¿Cuál es la mejor manera de vigilar si tengo una recaída?"},
        {"text": "¿Cuáles son las señales o los síntomas de que mi cáncer de mama ha regresado?"},
    ],
    "clinical_trials": [
        {
            "title": "Buscar ensayos clínicos sobre cáncer de mama metastásico (búsqueda en ClinicalTrials.gov, en inglés)"
        },
    ],
    "guidelines": [
        {
            "issuing_body": "Red Nacional Integral del Cáncer de los Estados Unidos (NCCN)",
            "title": "Guías de la NCCN para pacientes: cáncer de mama metastásico",
        },
    ],
    "resources": [
        {
            "title": "Cáncer metastásico: cuando el cáncer se disemina",
            "url": "https://www.cancer.gov/espanol/tipos/cancer-metastasico",
            "description": "El Instituto Nacional del Cáncer explica cómo y adónde se disemina el cáncer, "
            "y cuáles son sus síntomas.",
        },
    ],
}


def load(run, source: Article) -> None:
    """Add the Spanish translation of `source` (the published English example) if it has
    none, and publish it through review if it is not live; otherwise change nothing."""
    author, reviewer, editor = (run.accounts.get(name) for name in ("author", "reviewer", "editor"))
    translation = translation_in(source, LANGUAGE)
    try:
        if translation is None:
            translation = start_translation(source, LANGUAGE, by=author)
            translate(translation, author)
        if translation.live_version_id is None:
            if translation.state != Article.State.IN_REVIEW:
                workflow.submit_for_review(translation, by=author)
            workflow.approve(
                translation, by=reviewer, comment="Revisada frente al original en inglés: fiel y clara."
            )
            workflow.publish(translation, by=editor)
    except (PermissionDenied, ValidationError) as error:
        run.say(
            "The Spanish example article stays unpublished: "
            + " ".join(getattr(error, "messages", [str(error)]))
        )
        return
    translation.refresh_from_db()
    run.say(f"Demo article in Spanish: /es/articles/{translation.live_version.slug}/")


def translate(translation: Article, translator) -> None:
    """Write the Spanish over the English words `start_translation` copied in, part by
    part, and record the edit as the admin's save does."""
    _, fingerprint_before = draft_content(translation)
    translation.title = TITLE
    translation.slug = SLUG
    translation.summary = SUMMARY
    translation.save()
    for section, words in zip(translation.sections.order_by("order"), SECTIONS, strict=True):
        for field, value in words.items():
            setattr(section, field, value)
        section.save()
    for key, rows in LISTS.items():
        for item, words in zip(getattr(translation, key).order_by("order"), rows, strict=True):
            for field, value in words.items():
                setattr(item, field, value)
            item.save()
    workflow.record_edit(translation, by=translator, fingerprint_before=fingerprint_before)
