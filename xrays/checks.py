"""System checks for deployments (`manage.py check --deploy`), and the lint of content
generation scopes that `make lint` runs (`python -m xrays.checks`).

A scope that no app declared is refused when the code runs (xrays/generations.py); the
lint finds the same mistake, and the plain strings that would let it happen, without
running anything: it reads the source (Python's `ast`, no Django set-up, no database),
so it sees code that no test reaches. What it asks:

- every scope is declared once, with a string literal: `X = generations.declare("x")`;
- the application's calls (`current`, `bump`, `cached`, `track`) name the declared
  constant, never a string ("glosary" would be a cache that never invalidates), nor a
  module constant that is a plain string (`PAGES_SCOPE = "articles"`);
- tests and migrations may name a scope by its string, if that scope is declared.

Scopes computed at run time (`self.model.generation_scope`, a function's argument) are
left to the refusal at run time.
"""

import ast
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks

from xrays.throttle import counts_in_one_process


@checks.register(checks.Tags.caches, deploy=True)
def throttles_count_across_processes(app_configs, **kwargs):
    """With several web processes, a throttle counting in each process's own memory lets
    each reader through once per process: two workers let 60 searches a minute through
    a limit of 30."""
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    if not counts_in_one_process(settings.CACHES.get(alias, {})):
        return []
    return [
        checks.Warning(
            f'The throttles count in the cache "{alias}", which each web process keeps in its own '
            "memory: with more than one worker, every worker lets a reader through the limit again.",
            hint="Set REDIS_URL, or use the default (xrays.throttle.DatabaseCounterCache) for RATELIMIT_USE_CACHE.",
            id="xrays.W001",
        )
    ]


# The functions of xrays.generations that take a scope, and the scope's position.
SCOPE_ARGUMENT = {"current": 0, "bump": 0, "cached": 0, "track": 1}
GENERATIONS = "xrays.generations"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Not the project's code: caches, what collectstatic copies, hidden folders (.git, .venv)
# and any virtualenv (found by its pyvenv.cfg).
SKIPPED_FOLDERS = {"__pycache__", "node_modules", "staticfiles"}


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class _Source:
    path: Path  # as shown in problems: relative to the folder scanned
    module: str
    frozen: bool  # tests and migrations: may name a declared scope by its string
    tree: ast.Module

    def generation_calls(self) -> Iterator[tuple[str, ast.Call]]:
        """(function, call) for each call of xrays.generations' functions, however it was
        imported (`from xrays import generations as g`, `from xrays.generations import bump`)."""
        modules, functions = {GENERATIONS}, {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module == "xrays":
                modules |= {a.asname or a.name for a in node.names if a.name == "generations"}
            elif isinstance(node, ast.ImportFrom) and node.module == GENERATIONS:
                functions |= {a.asname or a.name: a.name for a in node.names}
            elif isinstance(node, ast.Import):
                modules |= {a.asname for a in node.names if a.name == GENERATIONS and a.asname}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
                yield functions[node.func.id], node
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if _dotted(node.func.value) in modules:
                    yield node.func.attr, node

    def constants(self) -> dict[str, ast.expr]:
        """The values of the module's `NAME = …` (and `NAME: type = …`), by name."""
        assigned = {}
        for node in self.tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            if getattr(node, "value", None) is not None:
                assigned |= {target.id: node.value for target in targets if isinstance(target, ast.Name)}
        return assigned


@dataclass(frozen=True)
class _Declaration:
    source: _Source
    line: int
    constant: str | None  # the name the scope is assigned to

    def how_to_use(self) -> str:
        if self.constant:
            return f"use {self.constant} from {self.source.module}"
        return f"assign it to a constant where it is declared ({self.source.path}:{self.line}) and use that"


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute) and (base := _dotted(node.value)):
        return f"{base}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else None


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if (
        not any(isinstance(arg, ast.Starred) for arg in call.args[: position + 1])
        and len(call.args) > position
    ):
        return call.args[position]
    return next((kw.value for kw in call.keywords if kw.arg == keyword), None)


def python_files(root: Path) -> Iterator[Path]:
    """The Python files under `root` (or `root` itself, a file)."""
    if root.is_file():
        yield root
        return
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in SKIPPED_FOLDERS
            and not Path(folder, name, "pyvenv.cfg").exists()
        )
        yield from (Path(folder, name) for name in sorted(files) if name.endswith(".py"))


def _read(path: Path, base: Path, problems: list[Problem]) -> _Source | None:
    shown = path.relative_to(base) if path.is_relative_to(base) else path
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError, OSError) as error:
        problems.append(Problem(shown, getattr(error, "lineno", None) or 1, f"cannot be read: {error}"))
        return None
    parts = shown.with_suffix("").parts
    frozen = bool({"tests", "migrations", "conftest"} & set(parts)) or path.name.startswith("test_")
    module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    return _Source(shown, module, frozen, tree)


def scope_problems(roots: Iterable[Path | str] = (PROJECT_ROOT,)) -> list[Problem]:
    """What the lint of generation scopes finds in the Python files under `roots`: the
    declarations are gathered from all of them before any use is judged."""
    problems: list[Problem] = []
    sources = []
    for root in map(Path, roots):
        base = root if root.is_dir() else root.parent
        sources += [source for path in python_files(root) if (source := _read(path, base, problems))]

    declarations: dict[str, _Declaration] = {}
    uses = []
    # The application's declarations first: tests may declare again what an app declares
    # (it is the same scope), or a scope of their own, with any name.
    for source in sorted(sources, key=lambda source: source.frozen):
        assigned_to = {id(value): name for name, value in source.constants().items()}
        for function, call in source.generation_calls():
            if function in SCOPE_ARGUMENT:
                uses.append((source, function, call))
            elif function == "declare":
                name = _string(_argument(call, 0, "name"))
                if source.frozen:
                    if name is not None:
                        declarations.setdefault(name, _Declaration(source, call.lineno, None))
                elif name is None:
                    problems.append(
                        Problem(source.path, call.lineno, "declare a generation scope with a string literal")
                    )
                elif (earlier := declarations.get(name)) is not None:
                    problems.append(
                        Problem(
                            source.path,
                            call.lineno,
                            f"generation scope {name!r} is already declared at {earlier.source.path}:"
                            f"{earlier.line}: the app that owns the content declares it, once",
                        )
                    )
                else:
                    declarations[name] = _Declaration(source, call.lineno, assigned_to.get(id(call)))

    for source, function, call in uses:
        if (
            message := _judge(source, _argument(call, SCOPE_ARGUMENT[function], "scope"), declarations)
        ) is not None:
            problems.append(Problem(source.path, call.lineno, f"generations.{function}() {message}"))
    return sorted(problems, key=lambda problem: (str(problem.path), problem.line))


def _judge(source: _Source, scope: ast.expr | None, declarations: dict[str, _Declaration]) -> str | None:
    """What is wrong with the scope a call is given, or None."""
    if isinstance(scope, ast.Name) and (name := _string(source.constants().get(scope.id))) is not None:
        fix = (
            declarations[name].how_to_use()
            if name in declarations
            else f"declare it, {scope.id} = generations.declare({name!r})"
        )
        return f"is given {scope.id}, a plain string: {fix}"
    if isinstance(scope, ast.JoinedStr):
        return "is given a scope made up at run time: give it a declared one"
    if (name := _string(scope)) is None:
        return None  # a declared constant, or a value only the run-time refusal can judge
    if name not in declarations:
        return f"names generation scope {name!r}, which is not declared (declared: {', '.join(sorted(declarations)) or 'none'})"
    if not source.frozen:
        return f"names generation scope {name!r} by a string: {declarations[name].how_to_use()}"
    return None


def main(argv: list[str] | None = None) -> int:
    """`python -m xrays.checks [PATH …]` (the whole project by default): prints what the
    lint of generation scopes finds, and exits with 1 if it finds anything."""
    roots = (sys.argv[1:] if argv is None else argv) or [PROJECT_ROOT]
    problems = scope_problems(roots)
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)} problem(s) with generation scopes: see xrays/generations.py.", file=sys.stderr
        )
        return 1
    print("Generation scopes: every one declared, and named by its constant.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
