"""The test command cosmic-ray runs for each mutant (see bench/mutants.py).

Run from the scratch copy that cosmic-ray mutates: `python bench/mutants_runner.py MODULE
[TEST ...]`.
It compares MODULE with its pristine copy, finds the statements the mutation changed, and runs
only the tests that executed those statements in the coverage map (pytest-cov contexts). A
statement that only ran at import time (a constant, a field declaration) falls back to the
covering tests in the test files that import the module. TESTs given after MODULE replace the
map: every mutant of the module runs those.

Exit 0: the tests passed (the mutant survived); non-zero: it was killed. Lines starting with
`ATLAS-MUTANTS:` tell bench/mutants.py why a survivor had no test to face.
"""

import ast
import difflib
import json
import os
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


def main() -> int:
    module = sys.argv[1]
    pristine = (STATE / "pristine" / module).read_text()
    mutated = Path(module).read_text()
    tests, why = tests_for(module, pristine, mutated, sys.argv[2:])
    if not tests:
        print(f"ATLAS-MUTANTS: no test covers this mutant ({why})")
        return 0
    print(f"ATLAS-MUTANTS: {len(tests)} tests ({why})")
    code = pytest.main(
        ["-x", "-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts=", *tests]
    )
    if code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.NO_TESTS_COLLECTED):
        print(f"ATLAS-MUTANTS: stale coverage map (pytest exit {int(code)})")
        return 0
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
