"""The Spanish catalogue is complete and what the site serves is compiled from it; a
fresh clone compiles it with `make install` (manage.py compile_translations, Babel, no
GNU gettext), and the system check says so when it was not."""

import gettext
import os
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

from xrays import catalogues

CATALOGUE = Path(settings.BASE_DIR) / "locale/es/LC_MESSAGES/django.po"
# Python's named placeholders (%(name)s, as blocktranslate writes them) and the
# positional ones (%s, %d); "%%" is a literal percent sign.
NAMED = re.compile(r"%\((\w+)\)[sdif]")
POSITIONAL = re.compile(r"(?<!%)%[sdif]")


def messages():
    with CATALOGUE.open("rb") as po:
        return [message for message in read_po(po, locale="es") if message.id]


def forms(message):
    """(msgid, msgstr) pairs: one for a message, one per plural form for a plural."""
    if message.pluralizable:
        singular, plural = message.id
        return [(singular if index == 0 else plural, string) for index, string in enumerate(message.string)]
    return [(message.id, message.string)]


def where(message):
    return ", ".join(f"{path}:{line}" for path, line in message.locations[:3]) or "?"


def test_every_string_readers_can_see_is_translated_into_spanish():
    missing = [
        f"{where(m)}: {m.id!r}" for m in messages() if not all(string for _, string in forms(m)) or m.fuzzy
    ]
    assert not missing, f"{len(missing)} untranslated or fuzzy entries in {CATALOGUE}:\n" + "\n".join(missing)


def test_every_translation_keeps_the_placeholders_of_its_english():
    wrong = []
    for message in messages():
        for english, spanish in forms(message):
            if not spanish:
                continue
            if set(NAMED.findall(english)) != set(NAMED.findall(spanish)) or len(
                POSITIONAL.findall(english)
            ) != len(POSITIONAL.findall(spanish)):
                wrong.append(f"{where(message)}: {english!r} -> {spanish!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_site_serves_the_catalogue_as_it_is_now():
    mo = CATALOGUE.with_suffix(".mo")
    assert mo.exists(), "run: python manage.py compile_translations"
    assert mo.stat().st_mtime >= CATALOGUE.stat().st_mtime, "run: python manage.py compile_translations"
    with mo.open("rb") as compiled:
        served = gettext.GNUTranslations(compiled)
    for message in messages():
        for index, (english, spanish) in enumerate(forms(message)):
            if not spanish or message.fuzzy:
                continue
            if message.pluralizable:
                # Spanish has two forms: 1 takes the first, anything else the second.
                n = 1 if index == 0 else 2
                singular, plural = message.id
                got = (
                    served.npgettext(message.context, singular, plural, n)
                    if message.context
                    else served.ngettext(singular, plural, n)
                )
            elif message.context:
                got = served.pgettext(message.context, english)
            else:
                got = served.gettext(english)
            assert got == spanish, (where(message), english)


def test_the_catalogue_and_nothing_compiled_from_it_is_kept_in_git():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "locale/es/LC_MESSAGES/django.mo"], cwd=settings.BASE_DIR, check=False
    )
    assert ignored.returncode == 0, "*.mo is a build product: .gitignore it"
    assert (
        subprocess.run(
            ["git", "check-ignore", "-q", "locale/es/LC_MESSAGES/django.po"],
            cwd=settings.BASE_DIR,
            check=False,
        ).returncode
        == 1
    )


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Glossary"
msgstr "Glosario"

#, fuzzy
msgid "Home"
msgstr "Casa"

msgid "Untranslated"
msgstr ""

#, python-format
msgid "%(count)s article"
msgid_plural "%(count)s articles"
msgstr[0] "%(count)s artículo"
msgstr[1] "%(count)s artículos"
"""


@pytest.fixture
def locale_folder(tmp_path, settings):
    folder = tmp_path / "locale"
    (folder / "es/LC_MESSAGES").mkdir(parents=True)
    (folder / "es/LC_MESSAGES/django.po").write_text(PO, encoding="utf-8")
    settings.LOCALE_PATHS = [folder]
    return folder / "es/LC_MESSAGES"


def compiled(folder):
    with (folder / "django.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)


def test_compile_translations_makes_the_file_django_reads_from_a_new_catalogue(locale_folder, capsys):
    call_command("compile_translations")
    served = compiled(locale_folder)
    assert served.gettext("Glossary") == "Glosario"
    # A fuzzy guess is left out: readers get the English rather than a wrong word.
    assert served.gettext("Home") == "Home"
    assert served.gettext("Untranslated") == "Untranslated"
    assert served.ngettext("%(count)s article", "%(count)s articles", 3) == "%(count)s artículos"
    assert served.ngettext("%(count)s article", "%(count)s articles", 1) == "%(count)s artículo"
    assert "django.mo: 2 translated messages" in capsys.readouterr().out
    # Readable by the web server's user too.
    assert (locale_folder / "django.mo").stat().st_mode & 0o044 == 0o044


def test_compile_translations_leaves_a_catalogue_alone_until_it_changes(locale_folder):
    call_command("compile_translations")
    mo = locale_folder / "django.mo"
    before = mo.stat().st_mtime_ns
    call_command("compile_translations")
    assert mo.stat().st_mtime_ns == before
    po = locale_folder / "django.po"
    po.write_text(PO.replace('"Glosario"', '"Glosario de términos"'), encoding="utf-8")
    earlier = po.stat().st_mtime - 5
    os.utime(mo, (earlier, earlier))
    call_command("compile_translations")
    assert compiled(locale_folder).gettext("Glossary") == "Glosario de términos"


def test_the_system_check_says_which_command_compiles_a_catalogue_not_yet_compiled(locale_folder):
    errors = catalogues.catalogues_are_compiled(None)
    assert [error.id for error in errors] == ["xrays.E001"]
    assert "not compiled" in errors[0].msg and "python manage.py compile_translations" in errors[0].hint
    call_command("compile_translations")
    assert catalogues.catalogues_are_compiled(None) == []


def test_the_system_check_notices_a_catalogue_changed_since_it_was_compiled(locale_folder):
    call_command("compile_translations")
    # Compiled a while before the catalogue last changed.
    earlier = (locale_folder / "django.po").stat().st_mtime - 5
    os.utime(locale_folder / "django.mo", (earlier, earlier))
    errors = catalogues.catalogues_are_compiled(None)
    assert len(errors) == 1 and "since they last changed" in errors[0].msg
    call_command("compile_translations")
    assert catalogues.catalogues_are_compiled(None) == []


def test_the_system_check_runs_with_every_other_check(locale_folder):
    from django.core import checks

    assert any(error.id == "xrays.E001" for error in checks.run_checks(tags=[checks.Tags.translation]))
