"""A smoke run of the search benchmark on a few cases (the real one is `make bench`)."""

import pytest

from bench.search_bench import QUERIES, run_benchmark

pytestmark = pytest.mark.django_db


def test_search_benchmark_runs_on_a_few_cases():
    result = run_benchmark(cases=30, repeat=1, baseline_repeat=1, log=lambda line: None)
    assert set(result["classes"]) == set(QUERIES)
    assert result["indexed"]["cases.casestudy"] > 0
    assert result["index_bytes"] > 0 and result["raw_text_bytes"] > 0
    for label, measured in result["classes"].items():
        assert measured["atlas"]["n"] == len(QUERIES[label])
        for query, hits in measured["queries"].items():
            if query.isalpha() and not query.isascii():
                # Chinese queries: the index finds at least what a substring scan finds.
                assert hits["atlas"] >= hits["icontains"], query
