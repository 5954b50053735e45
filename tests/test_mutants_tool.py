"""`make mutants` (bench/mutants.py): which modules it mutates, which tests face each mutant."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def tool():
    return load("mutants")


@pytest.fixture
def runner():
    return load("mutants_runner")


def test_new_apps_services_and_querysets_are_picked_up_by_pattern(tool, tmp_path, monkeypatch):
    for name in [
        "core/services.py",
        "core/admin.py",
        "core/api/viewsets.py",
        "core/migrations/0001_initial.py",
        "search/text.py",
        "partners/apps.py",
        "finder/services.py",  # an app that does not exist yet
        "finder/querysets.py",
        "finder/views.py",
        "procurement/services.py",
        ".venv/lib/services.py",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    assert tool.modules_to_mutate([]) == [
        "core/api/viewsets.py",
        "core/services.py",
        "finder/querysets.py",
        "finder/services.py",
        "procurement/services.py",
        "search/text.py",
    ]
    assert tool.modules_to_mutate(["finder/services.py"]) == ["finder/services.py"]
    with pytest.raises(SystemExit):
        tool.modules_to_mutate(["finder/views.py"])


def test_every_module_the_issue_names_is_selected(tool):
    selected = tool.modules_to_mutate([])
    for module in ["core/services.py", "core/sync.py", "core/models.py", "core/images.py"]:
        assert module in selected
    for app in ["cases", "directory", "filings", "insights", "public"]:
        assert f"{app}/services.py" in selected
    assert any(m.startswith("search/") for m in selected)
    assert any(m.startswith("partners/") for m in selected)


PRISTINE = """LIMIT = 3


def check(value,
          strict=False):
    if value > LIMIT:
        raise ValueError(
            "too big"
        )
    return value
"""


def test_a_mutant_faces_only_the_tests_that_ran_its_statement(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "STATE", tmp_path)
    (tmp_path / "map.json").write_text(
        json.dumps(
            {
                "tests": ["tests/a.py::t1", "tests/a.py::t2", "tests/b.py::t3"],
                "modules": {
                    "m.py": {
                        "lines": {"6": [0, 1], "7": [1], "10": [2]},
                        "import_lines": ["1", "4"],
                        "importers": [2],
                    }
                },
            }
        )
    )
    compare = PRISTINE.replace("value > LIMIT", "value >= LIMIT")
    assert runner.tests_for("m.py", PRISTINE, compare)[0] == ["tests/a.py::t1", "tests/a.py::t2"]
    # A change on the third line of a multi-line statement counts for the statement.
    message = PRISTINE.replace('"too big"', '"XXtoo bigXX"')
    assert runner.tests_for("m.py", PRISTINE, message)[0] == ["tests/a.py::t2"]
    # Import-time code: a constant, a default value in a def's header.
    for mutated in (
        PRISTINE.replace("LIMIT = 3", "LIMIT = 4"),
        PRISTINE.replace("=False", "=True"),
    ):
        tests, why = runner.tests_for("m.py", PRISTINE, mutated)
        assert tests == ["tests/b.py::t3"] and why.startswith("import-time")
    assert runner.tests_for("other.py", PRISTINE, compare) == ([], "module not in the coverage map")
    given = ["tests/x.py", "tests/y.py"]  # `--tests` / `--tests-for`: no map
    assert runner.tests_for("m.py", PRISTINE, compare, given) == (given, "given")


def test_only_one_realistic_replacement_per_operator_is_kept(tool):
    import re

    excluded = re.compile("|".join(f"(:?{e})" for e in tool.OPERATORS_EXCLUDED))
    kept = [
        "core/ReplaceComparisonOperator_Lt_LtE",
        "core/ReplaceComparisonOperator_Eq_NotEq",
        "core/ReplaceBinaryOperator_Add_Sub",
        "core/NumberReplacer",
        "core/ReplaceTrueWithFalse",
        "core/RemoveDecorator",
        "core/ExceptionReplacer",
    ]
    dropped = [
        "core/ReplaceComparisonOperator_Lt_Gt",
        "core/ReplaceComparisonOperator_Eq_LtE",
        "core/ReplaceBinaryOperator_Add_Pow",
        "core/VariableReplacer",
    ]
    assert not [name for name in kept if excluded.match(name)]
    assert all(excluded.match(name) for name in dropped)


def test_an_equivalent_is_matched_by_its_line_and_the_next_one(tool, tmp_path, monkeypatch):
    (tmp_path / "m.py").write_text("@atomic\ndef one():\n    pass\n@atomic\ndef two():\n    pass\n")
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    entry = {"module": "m.py", "operator": "core/RemoveDecorator", "line": "@atomic"}
    first = {"operator_name": "core/RemoveDecorator", "start_pos": [1, 0]}
    second = {**first, "start_pos": [4, 0]}
    assert tool.explains(entry, "m.py", first) and tool.explains(entry, "m.py", second)
    entry["next_line"] = "def two():"
    assert not tool.explains(entry, "m.py", first) and tool.explains(entry, "m.py", second)
    assert not tool.explains({**entry, "column": 4}, "m.py", second)
    assert not tool.explains({**entry, "operator": "core/AddNot"}, "m.py", second)
