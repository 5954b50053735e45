"""`make mutants`: mutation testing (cosmic-ray) of the modules where a silent break costs most.

    python bench/mutants.py                      # every module the patterns find
    python bench/mutants.py core/services.py     # one module (or several)
    python bench/mutants.py core/services.py --tests tests/test_workflow.py   # quick loop
    python bench/mutants.py --report             # only rewrite bench/results/mutants.json

The modules come from PATTERNS, so an app added later is covered by its services.py and
querysets.py without touching this file. Everything runs in a scratch copy under
var/mutants/ (cosmic-ray writes each mutant to disk; the working tree is never touched):

1. The copies: one per module mutated at once (a mutant on disk must never meet another
   module's tests), of the tracked and untracked-but-not-ignored files of the working tree,
   with `../shared` linked beside them as the tests expect; and a SQLite test database
   migrated once per state of the migrations (var/mutants/state/db/), copied for each mutant
   instead of being built again from the migrations (that was half of a mutant's time).
2. The coverage map (var/mutants/state/map.json): the suite (without browser, contract, bench,
   translation and multi-process tests) once under pytest-cov with per-test contexts: which
   tests ran which line of each module. Rebuilt when a .py file changed since it was made.
3. One cosmic-ray session per module (var/mutants/sessions/), filtered to the operators worth
   reading (OPERATORS_EXCLUDED); each mutant runs bench/mutants_runner.py, which runs only the
   tests that executed the mutated statement.
4. bench/results/mutants.json: per module the mutants, killed, survived, timed out, the
   survivors' diffs, and which survivors bench/mutants_equivalent.toml explains as equivalent.

Sessions are kept: a second run of the same module resumes where the first stopped unless the
module or the tests changed (then it starts over). `--fresh` starts over anyway.
"""

import argparse
import datetime
import fnmatch
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("ATLAS_MUTANTS_WORK", ROOT / "var" / "mutants"))  # scratch space
TREES, STATE, SESSIONS = WORK / "trees", WORK / "state", WORK / "sessions"
MAP_TREE = TREES / "_map"  # the coverage map's run (never mutated)
RESULTS = ROOT / "bench" / "results" / "mutants.json"
EQUIVALENTS = ROOT / "bench" / "mutants_equivalent.toml"
PYTHON = sys.executable
COMMAND = " ".join(["python", "bench/mutants.py", *sys.argv[1:]])  # the run, as the JSON says

PATTERNS = [
    "core/services.py",
    "core/sync.py",
    "core/models.py",
    "core/querysets.py",
    "core/images.py",
    "core/validators.py",
    "core/api/*.py",
    "search/*.py",
    "partners/*.py",
    "*/services.py",
    "*/querysets.py",
    "finder/scoring.py",
]
NOT_MUTATED = ["*/__init__.py", "*/apps.py", "*/migrations/*", "tests/*", "bench/*"]

# The map's run: the suite without what does not exercise these modules in-process.
MAP_PYTEST_ARGS = [
    "-m",
    "not browser",
    "--ignore=tests/browser",
    "--ignore=tests/test_api_contract.py",
    "--ignore=tests/test_translations.py",
    "--ignore=tests/test_search_bench.py",
    "--ignore=tests/test_limits_across_processes.py",
    "--ignore=tests/test_sqlite_concurrency.py",
]

# cosmic-ray replaces each operator by every other one; one realistic slip per operator is
# kept (== by !=, < by <=, + by -, `is` by `is not`, and/or swapped, True/False, numbers, a
# decorator removed, an except narrowed, a loop run zero times, break/continue swapped).
KEPT_PAIRS = {
    "ReplaceComparisonOperator": [
        "Eq_NotEq",
        "NotEq_Eq",
        "Lt_LtE",
        "LtE_Lt",
        "Gt_GtE",
        "GtE_Gt",
        "Is_IsNot",
        "IsNot_Is",
        "In_NotIn",
        "NotIn_In",
    ],
    "ReplaceBinaryOperator": [
        "Add_Sub",
        "Sub_Add",
        "Mul_Div",
        "Div_Mul",
        "FloorDiv_Div",
        "Mod_Mul",
    ],
    "ReplaceUnaryOperator": ["USub_UAdd", "Delete_Not"],
}
OPERATORS_EXCLUDED = [
    rf"core/{family}_(?!(?:{'|'.join(pairs)})$)" for family, pairs in KEPT_PAIRS.items()
] + ["core/VariableInserter", "core/VariableReplacer"]
TIMEOUT_SECONDS = 240


def modules_to_mutate(selected: list[str]) -> list[str]:
    files = sorted(
        str(p.relative_to(ROOT))
        for p in ROOT.glob("**/*.py")
        if not {".venv", "var", "node_modules", "static"} & set(p.relative_to(ROOT).parts)
    )
    found = [
        f
        for f in files
        if any(fnmatch.fnmatch(f, p) for p in PATTERNS)
        and not any(fnmatch.fnmatch(f, p) for p in NOT_MUTATED)
    ]
    if selected:
        unknown = sorted(set(selected) - set(found))
        if unknown:
            sys.exit(f"not among the modules the patterns select: {', '.join(unknown)}")
        return list(dict.fromkeys(selected))  # in the order given: the riskiest first
    return found


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def project_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return [f for f in listed.split("\0") if f and (ROOT / f).is_file()]


def file_hashes(files: list[str]) -> dict[str, str]:
    return {
        name: hashlib.sha256((ROOT / name).read_bytes()).hexdigest()[:16]
        for name in sorted(files)
        if name.endswith(".py") and not name.startswith("bench/")
    }


def source_fingerprint(hashes: dict[str, str], modules: list[str]) -> str:
    """The mutated modules' code: when it changes, their line numbers may have moved. (Other
    code changing leaves the map roughly right; `--remap` rebuilds it anyway.)"""
    code = {name: hashes.get(name) for name in sorted(modules)}
    return hashlib.sha256(json.dumps(code).encode()).hexdigest()


def test_hashes(hashes: dict[str, str]) -> dict[str, str]:
    return {name: digest for name, digest in hashes.items() if name.startswith("tests/")}


def tree_of(module: str) -> Path:
    return TREES / module.replace("/", ".")


def copy_tree(tree: Path, files: list[str]) -> None:
    """A fresh scratch copy (a mutant left on disk by an interrupted run goes with the old)."""
    if tree.exists():
        shutil.rmtree(tree)
    for name in files:
        target = tree / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)


def prepare_copy(files: list[str], modules: list[str]) -> None:
    for module in modules:
        copy_tree(tree_of(module), files)
    shared = ROOT.parent / "shared"
    link = TREES / "shared"
    if shared.exists() and not link.exists():
        link.symlink_to(shared)
    pristine = STATE / "pristine"
    if pristine.exists():
        shutil.rmtree(pristine)
    for module in modules:
        (pristine / module).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / module, pristine / module)


def importers_of(module: str, test_files: list[str]) -> set[str]:
    dotted = module.removesuffix(".py").replace("/", ".")
    package, _, name = dotted.rpartition(".")
    pattern = re.compile(
        rf"(?:from\s+{re.escape(dotted)}\s+import|import\s+{re.escape(dotted)}\b"
        rf"|from\s+{re.escape(package)}\s+import\s+[^\n]*\b{re.escape(name)}\b)"
    )
    return {f for f in test_files if pattern.search((ROOT / f).read_text())}


def measure(test_args: list[str], packages: list[str]):
    """Run tests under coverage with one context per test; the coverage data."""
    from coverage import CoverageData

    data_file = STATE / "coverage.db"
    data_file.unlink(missing_ok=True)
    cmd = [
        *(PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
        *("-o", "addopts="),
        *[f"--cov={p}" for p in packages],
        *("--cov-context=test", "--cov-report="),
        *test_args,
    ]
    env = {**os.environ, "COVERAGE_FILE": str(data_file)}
    copy_tree(MAP_TREE, project_files())
    result = subprocess.run(cmd, cwd=MAP_TREE, env=env)
    if result.returncode not in (0, 5):
        sys.exit("the tests fail without any mutant: fix that first")
    data = CoverageData(basename=str(data_file))
    data.read()
    return data


def update_map(
    modules: list[str], hashes: dict[str, str], remap: bool, subset: list[str] | None = None
) -> None:
    """Who ran which line of each module. The whole suite the first time and whenever code
    outside tests/ changed; after that only the test files that changed are run again."""
    map_file = STATE / "map.json"
    old = json.loads(map_file.read_text()) if map_file.exists() else {}
    tests_now = test_hashes(hashes)
    if subset:  # the map from these test files only (quicker, and it says so)
        tests_now = {
            f: h for f, h in tests_now.items() if f in subset or not f.startswith("tests/test_")
        }
    full = remap or old.get("source") != source_fingerprint(hashes, modules)
    full = full or old.get("subset") != (sorted(subset) if subset else None)
    if full:
        stale, run_args = (
            set(tests_now),
            [*MAP_PYTEST_ARGS[:2], *subset] if subset else MAP_PYTEST_ARGS,
        )
        old = {"tests": [], "modules": {}}
    else:
        stale = {f for f, h in tests_now.items() if old["test_files"].get(f) != h}
        stale |= set(old["test_files"]) - set(tests_now)
        run_args = [*MAP_PYTEST_ARGS[:2], *sorted(f for f in stale if f in tests_now)]
        if not stale:
            return
        if len(run_args) == 2:  # only deletions
            run_args = []
    packages = sorted({m.split("/")[0] for m in modules})
    what = "the suite" if full else f"{len(stale)} changed test files"
    print(f"coverage map: running {what} under coverage…", flush=True)
    started = time.monotonic()
    data = measure(run_args, packages) if run_args else None
    tests: list[str] = old["tests"]
    index = {name: i for i, name in enumerate(tests)}
    dropped = {i for i, name in enumerate(tests) if name.split("::")[0] in stale}
    test_files = sorted(f for f in tests_now if Path(f).name.startswith("test_"))
    result = {"source": source_fingerprint(hashes, modules), "test_files": tests_now}
    result["subset"] = sorted(subset) if subset else None
    result["tests"] = tests
    result["modules"] = {}
    for module in modules:
        before = old["modules"].get(module, {"lines": {}, "import_lines": []})
        lines = {n: set(ids) - dropped for n, ids in before["lines"].items()}
        import_lines = set(before["import_lines"])
        contexts = (data.contexts_by_lineno(str(MAP_TREE / module)) or {}) if data else {}
        for lineno, names in contexts.items():
            ids = set()
            for name in names:
                test = name.split("|")[0].split("[")[0]
                if test:
                    if test not in index:
                        index[test] = len(tests)
                        tests.append(test)
                    ids.add(index[test])
            if ids:
                lines.setdefault(str(lineno), set()).update(ids)
            elif "" in names:
                import_lines.add(str(lineno))
        lines = {n: sorted(ids) for n, ids in lines.items() if ids}
        covering = set().union(*lines.values()) if lines else set()
        files = importers_of(module, test_files)
        importers = sorted(i for i in covering if tests[i].split("::")[0] in files)
        if not importers:  # nothing of theirs ran inside a test: the files themselves
            for f in sorted(files):
                if f not in index:
                    index[f] = len(tests)
                    tests.append(f)
                importers.append(index[f])
        result["modules"][module] = {
            "lines": lines,
            "import_lines": sorted(import_lines, key=int),
            "importers": importers,
        }
    map_file.write_text(json.dumps(result))
    print(f"coverage map: {len(tests)} tests known, {time.monotonic() - started:.0f}s", flush=True)


def session_config(module: str, tests: list[str]) -> Path:
    config = SESSIONS / f"{module.replace('/', '.')}.toml"
    lines = [
        "[cosmic-ray]",
        f'module-path = "{module}"',
        f"timeout = {TIMEOUT_SECONDS}.0",
        "excluded-modules = []",
        f'test-command = "{" ".join(runner_command(module, tests))}"',
        "",
        "[cosmic-ray.distributor]",
        'name = "local"',
        "",
        "[cosmic-ray.filters.operators-filter]",
        "exclude-operators = [",
        *[f"    {json.dumps(e)}," for e in OPERATORS_EXCLUDED],
        "]",
    ]
    config.write_text("\n".join(lines) + "\n")
    return config


def template_db() -> Path:
    """The migrated test database every mutant's run starts from a copy of: one per state of
    the migrations."""
    migrations = sorted(ROOT.glob("*/migrations/*.py"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in migrations)).hexdigest()[:12]
    return STATE / "db" / f"template-{digest}.sqlite3"


def runner_command(module: str, tests: list[str], *options: str) -> list[str]:
    """bench/mutants_runner.py, run from the module's copy, with its own copy of the test DB."""
    database = STATE / "db" / f"{module.replace('/', '.')}.sqlite3"
    return [
        *("env", f"ATLAS_MUTANTS_STATE={STATE}", f"ATLAS_MUTANTS_TEMPLATE={template_db()}"),
        f"ATLAS_MUTANTS_DB={database}",
        *(PYTHON, "bench/mutants_runner.py", *options, module, *tests),
    ]


def make_template_db(module: str) -> None:
    if not template_db().exists():
        print("test database: migrating once…", flush=True)
        template_db().parent.mkdir(parents=True, exist_ok=True)
        run(runner_command(module, [], "--make-template"), cwd=tree_of(module))


def baseline(module: str, tests: list[str]) -> None:
    """The tests must pass without a mutant, or every mutant would count as killed."""
    if tests:
        result = subprocess.run(runner_command(module, tests, "--baseline"), cwd=tree_of(module))
        if result.returncode:
            sys.exit(f"{module}: its tests fail without any mutant: fix that first")


def bin_(name: str) -> str:
    return str(Path(PYTHON).parent / name)


def is_star_marker(lines: list[str], operator: str, start: tuple[int, int]) -> bool:
    if not operator.startswith("core/ReplaceBinaryOperator_"):
        return False
    row, col = start
    before = "".join(lines[: row - 1]) + lines[row - 1][:col]
    return before.rstrip()[-1:] in ("(", ",", "")


def skip_star_markers(session: Path, module: str) -> None:
    """cosmic-ray takes the `*` of `def f(*, a)` and of `*args` for a multiplication; its
    "mutants" are syntax errors, always killed, and would only flatter the score."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    lines = (ROOT / module).read_text().splitlines()
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in list(db.pending_work_items):
            mutation = item.mutations[0]
            if is_star_marker(lines, mutation.operator_name, mutation.start_pos):
                db.set_result(
                    item.job_id,
                    WorkResult(output="not an operator", worker_outcome=WorkerOutcome.SKIPPED),
                )


def keep_a_sample(session: Path, size: int, seed: str) -> None:
    """Try only `size` mutants, drawn at random (the same draw for the same module, so a run
    stopped and started again, or given a larger sample, goes on where it was): for a module
    too large to run whole in the time at hand. The others count as `not_sampled`."""
    import random

    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    with use_db(str(session), WorkDB.Mode.open) as db:
        with sqlite3.connect(session) as raw:
            raw.execute("DELETE FROM work_results WHERE output = 'not sampled'")
        filtered = {job for job, result in db.results if result.worker_outcome == "skipped"}
        candidates = sorted(item.job_id for item in db.work_items if item.job_id not in filtered)
        keep = set(random.Random(seed).sample(candidates, min(size, len(candidates))))
        for job_id in sorted(item.job_id for item in db.pending_work_items):
            if job_id not in keep:
                db.set_result(
                    job_id, WorkResult(output="not sampled", worker_outcome=WorkerOutcome.SKIPPED)
                )


def forget_survivors(session: Path, module: str) -> None:
    """Survivors face the tests again, but for the equivalent ones (no test can kill them)."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome

    equivalents = load_equivalents()
    with use_db(str(session), WorkDB.Mode.open) as db:
        items = {item.job_id: item.mutations[0] for item in db.work_items}
        again = [
            job
            for job, result in db.results
            if result.test_outcome == TestOutcome.SURVIVED
            and not any(
                explains(
                    e,
                    module,
                    {"operator_name": items[job].operator_name, "start_pos": items[job].start_pos},
                )
                for e in equivalents
            )
        ]
    with sqlite3.connect(session) as raw:
        raw.executemany("DELETE FROM work_results WHERE job_id = ?", [(job,) for job in again])


def mutate(module: str, fresh: bool, stamp: dict, tests: list[str], sample: int | None) -> None:
    """One module's session: new when the code changed (or a test file given before is no
    longer given), else only the survivors again when the tests changed or more test files
    are given (a new test can kill them; it cannot revive a killed one)."""
    config = session_config(module, tests)
    session = SESSIONS / f"{module.replace('/', '.')}.sqlite"
    stamp_file = session.with_suffix(".stamp.json")
    old = json.loads(stamp_file.read_text()) if stamp_file.exists() else {}
    text = ROOT.joinpath(module).read_text()
    module_hash = hashlib.sha256(text.encode()).hexdigest()
    if "module" in old:  # same code, and the tests given then are all still given
        same = old["module"] == module_hash and set(old["given"]) <= set(tests)
        more_tests = set(old["given"]) != set(tests)
    else:  # a stamp written by an earlier version of this tool
        legacy = hashlib.sha256((" ".join(tests) + text).encode()).hexdigest()
        same, more_tests = old.get("code") == legacy, False
    stamp = {**stamp, "module": module_hash, "given": tests, "command": COMMAND}
    tree = tree_of(module)
    baseline(module, tests)
    if fresh or not session.exists() or not same:
        session.unlink(missing_ok=True)
        run([bin_("cosmic-ray"), "init", str(config), str(session)], cwd=tree)
        run([bin_("cr-filter-operators"), str(session), str(config)], cwd=tree)
        run([bin_("cr-filter-pragma"), str(session)], cwd=tree)
        skip_star_markers(session, module)
    elif old.get("tests") != stamp["tests"] or more_tests:
        forget_survivors(session, module)
    stamp_file.write_text(json.dumps(stamp))
    if sample:
        keep_a_sample(session, sample, module)
    print(f"{module}: mutating", flush=True)
    with session.with_suffix(".log").open("a") as log:
        run(
            [bin_("cosmic-ray"), "exec", str(config), str(session)],
            cwd=tree,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    print(f"{module}: done", flush=True)


def load_equivalents() -> list[dict]:
    if not EQUIVALENTS.exists():
        return []
    return tomllib.loads(EQUIVALENTS.read_text()).get("equivalent", [])


def mutated_line(module: str, mutation: dict, offset: int = 0) -> str:
    source = (ROOT / module).read_text().splitlines()
    line = mutation["start_pos"][0] + offset
    return source[line - 1].strip() if 0 < line <= len(source) else ""


def explains(entry: dict, module: str, mutation: dict) -> bool:
    """An entry of bench/mutants_equivalent.toml matches this survivor: module, operator (a
    regular expression), the mutated line's text, and when given the column and the text of
    the next line (`next_line`: tells apart two equal lines, e.g. two `@transaction.atomic`)."""
    return (
        entry["module"] == module
        and re.fullmatch(entry.get("operator", ".*"), mutation["operator_name"]) is not None
        and entry["line"] == mutated_line(module, mutation)
        and entry.get("column", mutation["start_pos"][1]) == mutation["start_pos"][1]
        and entry.get("next_line", mutated_line(module, mutation, 1))
        == mutated_line(module, mutation, 1)
    )


def report(modules: list[str], command: str | None = None) -> dict:
    """The results file: the modules given, from their sessions, merged into the modules the
    file already holds (each keeps the command that last ran it)."""
    equivalents = load_equivalents()
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    summary = dict(previous.get("modules", {}))
    for module, entry in summary.items():  # kept from an earlier run: equivalents added since
        if (ROOT / module).exists():
            rejudge(module, entry, equivalents)
    for module in modules:
        session = SESSIONS / f"{module.replace('/', '.')}.sqlite"
        if not session.exists():
            continue
        dump = subprocess.run(
            [bin_("cosmic-ray"), "dump", str(session)], capture_output=True, text=True, check=True
        ).stdout
        counts = dict.fromkeys(
            ("mutants", "killed", "survived", "timed_out", "not_covered", "pending", "errors"), 0
        )
        counts["filtered_out"] = counts["not_sampled"] = 0
        survivors = []
        lines = (ROOT / module).read_text().splitlines()
        for row in filter(None, dump.splitlines()):
            item, result = json.loads(row)
            first = item["mutations"][0]
            star = is_star_marker(lines, first["operator_name"], tuple(first["start_pos"]))
            if result and result.get("output") == "not sampled":
                counts["not_sampled"] += 1
                continue
            if star or (result and result["worker_outcome"] == "skipped"):
                counts["filtered_out"] += 1
                continue
            if result is None:
                counts["pending"] += 1
                continue
            counts["mutants"] += 1
            output = result.get("output") or ""
            if result["worker_outcome"] != "normal":
                counts["errors"] += 1
            elif result["test_outcome"] == "killed":
                counts["timed_out" if output == "timeout" else "killed"] += 1
            elif "ATLAS-MUTANTS: no test covers" in output or "stale coverage map" in output:
                counts["not_covered"] += 1
                survivors.append((item, result, "not covered"))
            else:
                counts["survived"] += 1
                survivors.append((item, result, "survived"))
        listed = []
        for item, result, kind in survivors:
            mutation = item["mutations"][0]
            reason = next((e["reason"] for e in equivalents if explains(e, module, mutation)), None)
            listed.append(
                {
                    "line": mutation["start_pos"][0],
                    "operator": mutation["operator_name"],
                    "occurrence": mutation["occurrence"],
                    "kind": kind,
                    "equivalent": reason,
                    "diff": result.get("diff"),
                }
            )
        equivalent = sum(1 for s in listed if s["equivalent"])
        judged = counts["mutants"] - equivalent
        killed = counts["killed"] + counts["timed_out"]
        stamp_file = session.with_suffix(".stamp.json")
        ran_by = json.loads(stamp_file.read_text()).get("command") if stamp_file.exists() else None
        summary[module] = {
            "command": ran_by or command or summary.get(module, {}).get("command"),
            **counts,
            "equivalent": equivalent,
            "killed_of_non_equivalent": round(killed / judged, 4) if judged else None,
            "survivors": sorted(listed, key=lambda s: (s["line"], s["operator"])),
        }
    totals = dict.fromkeys(("mutants", "killed", "survived", "timed_out", "not_covered"), 0)
    totals["equivalent"] = 0
    for entry in summary.values():
        for key in totals:
            totals[key] += entry.get(key, 0) or 0
    judged = totals["mutants"] - totals["equivalent"]
    totals["killed_of_non_equivalent"] = (
        round((totals["killed"] + totals["timed_out"]) / judged, 4) if judged else None
    )
    return {
        "tool": f"cosmic-ray {cosmic_ray_version()} via bench/mutants.py",
        "generated": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": previous.get("command"),
        "modules_selected_by_patterns": modules_to_mutate([]),
        "totals": totals,
        "modules": dict(sorted(summary.items())),
    }


def rejudge(module: str, entry: dict, equivalents: list[dict]) -> None:
    """Mark the kept survivors that bench/mutants_equivalent.toml now explains (by the line
    number stored, so only while the module is unchanged; their column is not stored)."""
    for survivor in entry.get("survivors", []):
        if survivor.get("equivalent") is None and survivor.get("kind") == "survived":
            mutation = {
                "operator_name": survivor["operator"],
                "start_pos": [survivor["line"], None],
            }
            survivor["equivalent"] = next(
                (
                    e["reason"]
                    for e in equivalents
                    if "column" not in e and explains(e, module, mutation)
                ),
                None,
            )
    equivalent = sum(1 for s in entry.get("survivors", []) if s.get("equivalent"))
    judged = entry.get("mutants", 0) - equivalent
    killed = entry.get("killed", 0) + entry.get("timed_out", 0)
    entry["equivalent"] = equivalent
    entry["killed_of_non_equivalent"] = round(killed / judged, 4) if judged else None


def cosmic_ray_version() -> str:
    from importlib.metadata import version

    return version("cosmic-ray")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="paths such as core/services.py (default: all)")
    parser.add_argument("--tests", nargs="+", help="run these tests for every mutant, no map")
    parser.add_argument(
        "--tests-for",
        action="append",
        metavar="MODULE=TEST[,TEST]",
        help="the tests for one module's mutants (no map for it); repeat for others",
    )
    parser.add_argument("--jobs", type=int, default=2, help="modules mutated at once")
    parser.add_argument("--fresh", action="store_true", help="drop the modules' sessions first")
    parser.add_argument("--remap", action="store_true", help="rebuild the coverage map")
    parser.add_argument("--map-tests", nargs="+", help="build the map from these test files only")
    parser.add_argument("--report", action="store_true", help="only rewrite the results file")
    parser.add_argument(
        "--sample",
        action="append",
        metavar="[MODULE=]N",
        help="try only N mutants (of MODULE, or of every module), drawn at random",
    )

    args = parser.parse_args()
    modules = modules_to_mutate(args.modules)
    if not args.report:
        for folder in (STATE, SESSIONS):
            folder.mkdir(parents=True, exist_ok=True)
        files = project_files()
        hashes = file_hashes(files)
        stamp = {"tests": test_hashes(hashes)}
        prepare_copy(files, modules)
        given = {m: args.tests or [] for m in modules}
        for item in args.tests_for or []:
            module, _, files = item.partition("=")
            given[module] = files.split(",")
        if not all(given.values()):
            update_map(modules_to_mutate([]), hashes, args.remap, args.map_tests)
        sample = dict.fromkeys(modules)
        for item in args.sample or []:
            module, _, size = item.rpartition("=")
            sample.update({module: int(size)} if module else dict.fromkeys(modules, int(size)))
        make_template_db(modules[0])
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            list(pool.map(lambda m: mutate(m, args.fresh, stamp, given[m], sample[m]), modules))
        print(f"mutated {len(modules)} modules in {time.monotonic() - started:.0f}s")
    command = None if args.report else " ".join(["python", "bench/mutants.py", *sys.argv[1:]])
    results = report(modules, command)
    if command:
        results["command"] = command
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    totals = results["totals"]
    print(
        f"{totals['mutants']} mutants: {totals['killed']} killed, {totals['timed_out']} timed out, "
        f"{totals['survived']} survived, {totals['not_covered']} not covered, "
        f"{totals['equivalent']} equivalent → {totals['killed_of_non_equivalent']}"
    )


if __name__ == "__main__":
    main()
