"""Health checks beyond `/healthz`, which stays one trivial query for load balancers.

An app registers a named check (`register`), and `/healthz/<name>` runs it for a
monitor: the app knows what "healthy" means for its own work; `xrays` imports no app.
Anyone may read the status word, since monitors do not log in; the numbers behind it
go only to staff who hold the check's permission, as they may say something about the
site's readers (how many follow it, for one)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A check takes `detailed` (whether the caller may see the numbers) and returns a dict
# with at least "status": "ok", or a word saying what is wrong.
CheckFunction = Callable[[bool], dict[str, Any]]


@dataclass(frozen=True)
class Check:
    function: CheckFunction
    # Who may see the details: "app_label.codename".
    permission: str


checks: dict[str, Check] = {}


def register(name: str, function: CheckFunction, *, permission: str) -> None:
    checks[name] = Check(function, permission)
