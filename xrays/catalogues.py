"""The interface's translations: each catalogue (locale/<language>/LC_MESSAGES/django.po,
kept in git) is compiled into the .mo file Django reads, which is a build product
(.gitignore) made by `manage.py compile_translations`, which `make install` runs.

Compiled with Babel, which is pure Python: no server or CI machine needs GNU gettext's
msgfmt (Django's own compilemessages calls it). A system check says when a catalogue is
newer than what was compiled from it, so a deployment cannot serve yesterday's Spanish
without being told.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core import checks

COMMAND = "python manage.py compile_translations"


@dataclass(frozen=True)
class Catalogue:
    po: Path

    @property
    def mo(self) -> Path:
        return self.po.with_suffix(".mo")

    @property
    def language(self) -> str:
        # locale/<language>/LC_MESSAGES/<domain>.po
        return self.po.parent.parent.name

    def is_compiled(self) -> bool:
        """True when the .mo exists and is at least as new as the .po."""
        try:
            return self.mo.stat().st_mtime >= self.po.stat().st_mtime
        except FileNotFoundError:
            return False

    def compile(self) -> int:
        """Write the .mo from the .po; returns how many messages it holds. Fuzzy and
        untranslated entries are left out (Django then shows the English). Written to a
        temporary file and moved into place, so a process starting meanwhile never
        reads half a catalogue."""
        with self.po.open("rb") as po:
            catalog = read_po(po, locale=self.language)
        descriptor, temporary = tempfile.mkstemp(dir=self.mo.parent, prefix=".", suffix=".mo")
        try:
            with os.fdopen(descriptor, "wb") as mo:
                write_mo(mo, catalog, use_fuzzy=False)
            # mkstemp makes the file readable by its owner only; the web server may
            # run as another user than the deployment.
            os.chmod(temporary, 0o644)
            os.replace(temporary, self.mo)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return sum(1 for message in catalog if message.id and message.string and not message.fuzzy)


def catalogues() -> list[Catalogue]:
    """Every catalogue under settings.LOCALE_PATHS, in a stable order."""
    found = []
    for folder in settings.LOCALE_PATHS:
        found += [Catalogue(po) for po in sorted(Path(folder).glob("*/LC_MESSAGES/*.po"))]
    return found


@checks.register(checks.Tags.translation)
def catalogues_are_compiled(app_configs: object, **kwargs: object) -> list[checks.CheckMessage]:
    """A catalogue with no .mo, or one older than it, means readers get English (or
    yesterday's words) where a translation exists."""
    return [
        checks.Error(
            f"The translations in {catalogue.po} are not compiled"
            + (" since they last changed." if catalogue.mo.exists() else "."),
            hint=f"Run `{COMMAND}` (`make install` runs it).",
            obj=str(catalogue.po),
            id="xrays.E001",
        )
        for catalogue in catalogues()
        if not catalogue.is_compiled()
    ]
