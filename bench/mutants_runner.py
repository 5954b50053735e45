"""The test command cosmic-ray runs for each mutant (see bench/mutants.py).

Run from the scratch copy that cosmic-ray mutates: `python bench/mutants_runner.py MODULE
[TEST ...]`.
It compares MODULE with its pristine copy, finds the statements the mutation changed, and runs
only the tests that executed those statements in the coverage map (pytest-cov contexts). A
statement that only ran at import time (a constant, a field declaration) falls back to the
covering tests in the test files that import the module. TESTs given after MODULE replace the
map: every mutant of the module runs those.

The test database: with ATLAS_MUTANTS_DB and ATLAS_MUTANTS_TEMPLATE (bench/mutants.py sets
them), the tests run on a fresh copy of a SQLite database migrated once (`--make-template`
makes it), not on one built from the migrations for every mutant. `--baseline` runs the given
tests on the unmutated module (they must pass).

Exit 0: the tests passed (the mutant survived); non-zero: it was killed. Lines starting with
`ATLAS-MUTANTS:` tell bench/mutants.py why a survivor had no test to face.
"""

import ast
import difflib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

STATE = Path(os.environ.get("ATLAS_MUTANTS_STATE", "../state"))


def statement_starts(source: str) -> list[tuple[int, int, bool]]:
    """(first line, last line, is a def/class header) of every statement."""
    spans = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.stmt):
            header = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            spans.append((node.lineno, node.end_lineno or node.lineno, header))
    return spans


def changed_lines(pristine: str, mutated: str) -> set[int]:
    old, new = pristine.splitlines(), mutated.splitlines()
    lines = set()
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            lines.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return lines


def statement_of(line: int, spans) -> tuple[int, bool]:
    """The innermost statement holding `line`: its first line, and whether it is a header."""
    holding = [s for s in spans if s[0] <= line <= s[1]]
    if not holding:
        return line, False
    first, _last, header = min(holding, key=lambda s: s[1] - s[0])
    # A line inside a def's body belongs to a body statement; one in its header (decorator,
    # default value) runs at import.
    return first, header


def tests_for(module: str, pristine: str, mutated: str, given=()) -> tuple[list[str], str]:
    if given:
        return list(given), "given"
    coverage_map = json.loads((STATE / "map.json").read_text())
    entry = coverage_map["modules"].get(module)
    if entry is None:
        return [], "module not in the coverage map"
    names = coverage_map["tests"]
    spans = statement_starts(pristine)
    picked, why = set(), "covered"
    for line in changed_lines(pristine, mutated):
        first, header = statement_of(line, spans)
        covering = entry["lines"].get(str(first))
        if covering and not header:
            picked.update(covering)
        elif str(first) in entry["import_lines"] or header:
            picked.update(entry["importers"])
            why = "import-time statement: tests of the files importing the module"
    return sorted(names[i] for i in picked), why


# Plugins the mutants' tests do not use (only the API contract and load tests do): a second
# saved per mutant.
UNUSED = ("cacheprovider", "schemathesis", "pytest_cov", "locust", "anyio")
UNUSED_PLUGINS = [arg for name in UNUSED for arg in ("-p", f"no:{name}")]


class CopiedDatabase:
    """A pytest plugin: the test database is the SQLite file `path` (pytest-django reuses it
    with --reuse-db instead of migrating a new one)."""

    def __init__(self, path: Path):
        self.path = str(path)

    def pytest_sessionstart(self, session):  # Django is set up by now, no database yet
        from django.conf import settings

        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = self.path


def fresh_database() -> tuple[list[str], list]:
    """pytest arguments and plugins for a fresh copy of the template database, if there is one."""
    database, template = (
        os.environ.get("ATLAS_MUTANTS_DB"),
        os.environ.get("ATLAS_MUTANTS_TEMPLATE"),
    )
    if not (database and template and Path(template).exists()):
        return [], []
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(database + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, database)
    return ["--reuse-db"], [CopiedDatabase(Path(database))]


def make_template() -> int:
    """Migrate the template database once (ATLAS_MUTANTS_TEMPLATE), as the test run would."""
    import django
    from django.test.utils import setup_databases

    template = Path(os.environ["ATLAS_MUTANTS_TEMPLATE"])
    partial = template.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    sys.path.insert(0, os.getcwd())  # the copy's root, as pytest-django would find it
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django.conf import settings

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(partial)
    setup_databases(verbosity=0, interactive=False, keepdb=True, aliases={"default"})
    from django.db import connections

    connections.close_all()
    partial.rename(template)
    return 0


def main() -> int:
    args = sys.argv[1:]
    if args[0] == "--make-template":
        return make_template()
    baseline = args[0] == "--baseline"
    module, given = (args[1], args[2:]) if baseline else (args[0], args[1:])
    pristine = (STATE / "pristine" / module).read_text()
    mutated = Path(module).read_text()
    if baseline:
        assert mutated == pristine, f"{module} is not the pristine copy"
        tests, why = given, "baseline"
    else:
        tests, why = tests_for(module, pristine, mutated, given)
    if not tests:
        print(f"ATLAS-MUTANTS: no test covers this mutant ({why})")
        return 0
    print(f"ATLAS-MUTANTS: {len(tests)} tests ({why})")
    db_args, plugins = fresh_database()
    code = pytest.main(
        [*("-x", "-q", "--no-header", "-o", "addopts="), *UNUSED_PLUGINS, *db_args, *tests],
        plugins=plugins,
    )
    if baseline:
        return int(code)
    if code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.NO_TESTS_COLLECTED):
        print(f"ATLAS-MUTANTS: stale coverage map (pytest exit {int(code)})")
        return 0
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
