"""The documentation is true of the code: every `make` target, setting, management
command, module and link that README.md, docs/*.md and bench/README.md name exists;
every environment variable the settings read is in the settings table of
docs/operations.md; and README.md stays short.

Conventions the docs keep so that this can check them:
- commands are in code (`make run`, or a fenced block), never bare prose;
- the settings table is the table under "## Settings" in docs/operations.md, one row
  per variable, its first cell the name in code (| `REDIS_URL` | … |);
- paths in code are relative to the project folder (`articles/workflow/rules.py`),
  links relative to the file that holds them.
"""

import ast
import importlib
import re
from pathlib import Path

import pytest
from django.conf import global_settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
OPERATIONS = ROOT / "docs" / "operations.md"
SETTINGS = ROOT / "xrays" / "settings.py"
MAKEFILE = ROOT / "Makefile"
DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]

README_MAX_LINES = 150
APPS = (
    "xrays",
    "articles",
    "references",
    "audiences",
    "glossary",
    "subscriptions",
    "surveys",
    "suggestions",
    "volunteers",
)
# Paths in code that start with one of these are checked: they name the project's files.
TOP_FOLDERS = {*APPS, "bench", "deploy", "docs", "templates", "tests", "static", ".ci"}

FENCE = re.compile(r"^[ \t]*```.*?^[ \t]*```[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
MAKE = re.compile(r"(?:^|[\s;&|(])make\s+([A-Za-z0-9][\w.-]*)")
MANAGE = re.compile(r"manage\.py[ \t]+([a-z][a-z0-9_]*)(?![\w.])")
UPPER_NAME = re.compile(r"[A-Z][A-Z0-9_]*[A-Z0-9]")
ASSIGNED_NAME = re.compile(r"(?<![\w-])([A-Z][A-Z0-9_]*[A-Z0-9])=")
FILE_NAME = re.compile(r"\.(?:py|md|toml|conf|txt|html|json|css|js)$")
PATH_IN_CODE = re.compile(r"[\w.-]+(?:/[\w.-]+)+/?")
# A dotted name in one of the project's packages (`articles.workflow.publish`); system
# check ids such as `xrays.W001` are not names.
DOTTED = re.compile("(?:" + "|".join(APPS) + r")(?:\.(?![A-Z]\d+\b)[A-Za-z_]\w*)+")


def relative(path):
    return path.relative_to(ROOT).as_posix()


def code_of(text):
    """The code in a Markdown text: fenced blocks and inline spans."""
    blocks = [match.group(0) for match in FENCE.finditer(text)]
    spans = CODE_SPAN.findall(FENCE.sub("", text))
    return blocks + spans


def prose_of(text):
    """The text outside code, where links live."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def makefile_targets():
    targets = set()
    for line in MAKEFILE.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9][\w.-]*(?:[ \t]+[A-Za-z0-9][\w.-]*)*)[ \t]*:(?!=)", line)
        if match:
            targets.update(match.group(1).split())
    return targets


def environment_variables_read_by(path):
    """Every name the settings module reads from the environment: os.environ.get("X"),
    os.environ["X"], os.getenv("X") and its helpers env_flag("X"), env_list("X")…"""

    def is_environ(node):
        return isinstance(node, ast.Attribute) and node.attr == "environ"

    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Subscript) and is_environ(node.value):
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                names.add(node.slice.value)
        if not isinstance(node, ast.Call) or not node.args:
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        function = node.func
        reads_environ = isinstance(function, ast.Attribute) and (
            (function.attr == "get" and is_environ(function.value)) or function.attr == "getenv"
        )
        env_helper = isinstance(function, ast.Name) and function.id.startswith("env")
        if reads_environ or env_helper:
            names.add(first.value)
    return names


def settings_table(path):
    """The names in the first column of the table under "## Settings"."""
    text = path.read_text()
    section = re.search(r"^## Settings\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert section, f"{relative(path)} has no '## Settings' section"
    return re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section.group(1), re.M)


def heading_anchors(path):
    """GitHub's anchors for the headings of a Markdown file."""
    anchors, seen = set(), {}
    for line in FENCE.sub("", path.read_text()).splitlines():
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match.group(1)).lower()
        anchor = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    return anchors


def project_text():
    """The project's own code and configuration, where every name the docs use lives."""
    files = [MAKEFILE, ROOT / "Procfile", ROOT / "pyproject.toml", ROOT / "gunicorn.conf.py"]
    for folder in (*APPS, "bench", "deploy", "templates", "tests"):
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".conf", ".html", ".txt"}]
    # Not this file, whose docstring quotes names as examples.
    files = [p for p in files if p.is_file() and p != Path(__file__).resolve()]
    return "\n".join(p.read_text(errors="replace") for p in files)


def resolves(dotted):
    """Whether `a.b.c` names a module, or an attribute of one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            thing = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(thing, name):
                return False
            thing = getattr(thing, name)
        return True
    return False


@pytest.fixture(scope="module")
def documents():
    return {path: path.read_text() for path in DOCUMENTS}


def test_the_readme_is_short_and_says_how_to_run_the_tests():
    lines = README.read_text().splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines; keep it to {README_MAX_LINES}"
    assert "`make test`" in README.read_text()
    assert "`make run`" in README.read_text()


def test_every_make_target_the_docs_name_is_in_the_makefile(documents):
    targets = makefile_targets()
    assert {"run", "test", "lint"} <= targets
    missing = {
        f"{relative(path)}: make {name}"
        for path, text in documents.items()
        for code in code_of(text)
        for name in MAKE.findall(code)
        if name not in targets
    }
    assert not missing, f"targets not in the Makefile: {sorted(missing)}"


def test_the_settings_table_and_the_settings_module_name_the_same_environment_variables():
    read = environment_variables_read_by(SETTINGS)
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "EMAIL_HOST"} <= read  # the parser works
    documented = settings_table(OPERATIONS)
    duplicated = sorted({name for name in documented if documented.count(name) > 1})
    assert not duplicated, f"documented twice in docs/operations.md: {duplicated}"
    assert not set(documented) - read, (
        f"documented in docs/operations.md but not read by xrays/settings.py: {sorted(set(documented) - read)}"
    )
    assert not read - set(documented), (
        f"read by xrays/settings.py but missing from the settings table of docs/operations.md: "
        f"{sorted(read - set(documented))}"
    )


def test_every_setting_or_constant_the_docs_name_exists(documents):
    """A name in capitals in code (`SEARCH_RATE`, `CLAIM_SIZE`) must be read from the
    environment, be a Django setting, or appear in the project's own files."""
    known = environment_variables_read_by(SETTINGS) | set(dir(global_settings))
    text = project_text()
    missing = set()
    for path, document in documents.items():
        for code in code_of(document):
            names = set(ASSIGNED_NAME.findall(code))
            if UPPER_NAME.fullmatch(code):
                names.add(code)
            for name in names:
                if name not in known and not re.search(rf"\b{re.escape(name)}\b", text):
                    missing.add(f"{relative(path)}: {name}")
    assert not missing, f"names the code does not have: {sorted(missing)}"


def test_every_management_command_the_docs_name_exists(documents):
    commands = set(get_commands())
    missing = {
        f"{relative(path)}: manage.py {name}"
        for path, text in documents.items()
        for code in code_of(text)
        for name in MANAGE.findall(code)
        if name not in commands
    }
    assert not missing, f"no such management command: {sorted(missing)}"


def test_every_file_and_module_the_docs_name_in_code_exists(documents):
    missing = set()
    for path, text in documents.items():
        for code in code_of(text):
            code = code.strip()
            if PATH_IN_CODE.fullmatch(code) and code.split("/")[0] in TOP_FOLDERS:
                if not (ROOT / code).exists():
                    missing.add(f"{relative(path)}: {code}")
            elif DOTTED.fullmatch(code) and not FILE_NAME.search(code) and not resolves(code):
                missing.add(f"{relative(path)}: {code}")
    assert not missing, f"named in the docs but not in the code: {sorted(missing)}"


def test_every_relative_link_in_the_docs_points_to_something_that_exists(documents):
    broken = set()
    for path, text in documents.items():
        for target in LINK.findall(prose_of(text)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
                continue
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists():
                broken.add(f"{relative(path)}: {target}")
            elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked):
                broken.add(f"{relative(path)}: {target} (no such heading)")
    assert not broken, f"broken links: {sorted(broken)}"
