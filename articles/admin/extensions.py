"""Named places in the article admin that other apps fill, without `articles` knowing
them, as articles/extensions.py does for the public article page.

An app adds to the article admin from its admin module (or its AppConfig.ready()):

    from articles.admin.extensions import add_list_column

    add_list_column(
        "survey_responses",
        lambda article: article.survey_response_total,
        description="Responses",
        ordering="survey_response_total",
        annotate=with_survey_figures,
    )

The article admin reads these places on each request, so the order in which apps load
does not matter, and no app unregisters or subclasses another app's ModelAdmin.
Adding under a name already used replaces the earlier one, so a module may load twice.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet


@dataclass(frozen=True)
class ListColumn:
    name: str
    display: Callable  # (article) -> value shown in the list; has the admin's display attributes
    annotate: Callable[[QuerySet], QuerySet] | None = None


_columns: dict[str, ListColumn] = {}
_inlines: dict[str, type] = {}
_actions: dict[str, Callable] = {}


def add_list_column(
    name: str,
    value: Callable,
    *,
    description: str,
    ordering: str | None = None,
    annotate: Callable[[QuerySet], QuerySet] | None = None,
) -> None:
    """A column of the article list. `value(article)` gives what it shows; `annotate`,
    if given, adds what it needs to the list's one query (subqueries, not a query per
    row); `ordering` names an annotation or field to sort the column by."""

    def display(article: Any) -> Any:
        return value(article)

    display.__name__ = name
    admin.display(description=description, ordering=ordering)(display)
    _columns[name] = ListColumn(name, display, annotate)


def add_inline(inline_class: type) -> None:
    """An inline on the article's change page, after the article's own."""
    _inlines[f"{inline_class.__module__}.{inline_class.__qualname__}"] = inline_class


def add_action(function: Callable) -> None:
    """An action of the article list: `function(modeladmin, request, queryset)`, decorated
    with `django.contrib.admin.action` for its description and permissions. Its name
    is the function's."""
    _actions[function.__name__] = function


def list_columns() -> list[ListColumn]:
    return list(_columns.values())


def inlines() -> list[type]:
    return list(_inlines.values())


def actions() -> list[Callable]:
    return list(_actions.values())


def remove(name: str) -> None:
    """Take back whatever was added under `name` (tests)."""
    _columns.pop(name, None)
    _actions.pop(name, None)
    _inlines.pop(name, None)
