"""Content generation scopes are declared once, by the app that owns the content: a
scope nobody declared (a misspelling) is refused when the code runs, and `make lint`
finds it, and any scope named by a plain string, before it runs (xrays/checks.py)."""

import textwrap

import pytest

from glossary.models import GLOSSARY
from xrays import generations
from xrays.checks import main, scope_problems
from xrays.models import Generation

# The scopes the apps own, under the names their database rows have always had.
APP_SCOPES = {"glossary", "site", "ratings", "audiences", "surveys", "articles"}


@pytest.fixture
def misspelt():
    """A misspelt scope, handed over at run time: the lint (below) finds the ones written
    as literals before the code runs, the refusal finds the rest."""
    return "glosary"


def test_every_app_declares_its_scopes_by_the_time_django_has_started():
    assert APP_SCOPES <= generations.declared()


@pytest.mark.django_db
def test_a_misspelt_scope_is_refused_when_read_or_bumped_and_leaves_no_row(misspelt):
    with pytest.raises(
        LookupError, match=r"'glosary' is not declared; declared: .*glossary.*Did you mean 'glossary'"
    ):
        generations.current(misspelt)
    with pytest.raises(LookupError, match="'glosary' is not declared"):
        generations.bump(misspelt)
    assert not Generation.objects.filter(scope="glosary").exists()


@pytest.mark.django_db
def test_a_misspelt_scope_is_refused_before_anything_is_cached(misspelt):
    built = []
    with pytest.raises(LookupError, match="'glosary' is not declared"):
        generations.cached(misspelt, "test:value", lambda: built.append(1))
    assert built == []


def test_a_model_cannot_be_tracked_under_a_scope_nobody_declared(misspelt):
    with pytest.raises(LookupError, match="'glosary' is not declared"):
        generations.track(Generation, misspelt)


@pytest.mark.django_db
def test_a_declared_scope_keeps_the_database_row_it_always_had():
    before = generations.current(GLOSSARY)
    generations.bump(GLOSSARY)
    assert Generation.objects.filter(scope="glossary").exists()
    assert generations.current("glossary") == generations.current(GLOSSARY) != before


def test_declaring_a_scope_again_gives_the_same_scope():
    assert generations.declare("glossary") is GLOSSARY
    assert GLOSSARY == "glossary"


@pytest.mark.parametrize("name", ["", "x" * 51, None])
def test_a_scope_needs_a_name_that_fits_its_database_row(name):
    with pytest.raises(ValueError, match="1 to 50 characters"):
        generations.declare(name)


def write(folder, path, source):
    file = folder / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(textwrap.dedent(source))


@pytest.fixture
def project(tmp_path):
    """A small project whose `shop` app declares the scope "shop"."""
    write(
        tmp_path,
        "shop/models.py",
        """
        from xrays import generations

        SHOP = generations.declare("shop")
        generations.track(Product, SHOP)
        """,
    )
    return tmp_path


def messages(folder):
    return [f"{problem.path}:{problem.line}: {problem.message}" for problem in scope_problems([folder])]


def test_the_lint_passes_a_project_whose_scopes_are_declared_and_used_by_their_constants(project):
    write(
        project,
        "shop/views.py",
        """
        from shop.models import SHOP
        from xrays import generations as g
        from xrays.generations import cached

        def products():
            return cached(SHOP, "shop:products", list) or g.current(SHOP)
        """,
    )
    assert messages(project) == []
    assert main([str(project)]) == 0


def test_the_lint_reports_a_misspelt_scope(project, capsys):
    write(
        project,
        "shop/views.py",
        """
        from xrays import generations

        def sell():
            generations.bump("shpo")
        """,
    )
    assert messages(project) == [
        "shop/views.py:5: generations.bump() names generation scope 'shpo', which is not declared (declared: shop)"
    ]
    assert main([str(project)]) == 1
    assert "shop/views.py:5:" in capsys.readouterr().out


def test_the_lint_reports_a_declared_scope_named_by_a_string_in_the_application(project):
    write(
        project,
        "shop/views.py",
        """
        from xrays.generations import cached

        def products():
            return cached("shop", "shop:products", list)
        """,
    )
    assert messages(project) == [
        "shop/views.py:5: generations.cached() names generation scope 'shop' by a string: use SHOP from shop.models"
    ]


def test_the_lint_reports_a_scope_kept_in_a_plain_string_constant(project):
    write(
        project,
        "shop/workflow.py",
        """
        from xrays import generations

        PAGES_SCOPE = "pages"

        def publish():
            generations.bump(PAGES_SCOPE)
        """,
    )
    assert messages(project) == [
        "shop/workflow.py:7: generations.bump() is given PAGES_SCOPE, a plain string: "
        "declare it, PAGES_SCOPE = generations.declare('pages')"
    ]


def test_the_lint_lets_tests_name_a_declared_scope_but_not_an_undeclared_one(project):
    write(
        project,
        "tests/test_shop.py",
        """
        from xrays import generations

        def test_products():
            generations.bump("shop")
            generations.bump("shpo")
        """,
    )
    assert messages(project) == [
        "tests/test_shop.py:6: generations.bump() names generation scope 'shpo', which is not declared (declared: shop)"
    ]


def test_the_lint_reports_a_scope_declared_twice_or_without_a_literal_name(project):
    write(
        project,
        "till/models.py",
        """
        from xrays import generations

        SHOP = generations.declare("shop")
        TILL = generations.declare(NAME)
        """,
    )
    assert messages(project) == [
        "till/models.py:4: generation scope 'shop' is already declared at shop/models.py:4: "
        "the app that owns the content declares it, once",
        "till/models.py:5: declare a generation scope with a string literal",
    ]


def test_this_project_passes_the_lint():
    assert [str(problem) for problem in scope_problems()] == []
