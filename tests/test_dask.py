"""The batch API run by Dask (a bag on the local schedulers), as docs/batch.md shows.

Needs the ``dask`` extra; skipped without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsparse.batch import Result, parse_many

dask_bag = pytest.importorskip("dask.bag", reason="the Dask recipe needs the dask extra (dask[bag])")


def page(n: int) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>Story number {n}</title></head><body><article>"
        f"<h1>Story number {n}</h1><p>Invented text of story {n}, long enough to be a body.</p>"
        "</article></body></html>"
    )


def parse_partition(paths: list[str]) -> list[dict[str, Any]]:
    """The recipe's partition function: parse_many over one partition, plain dicts out."""
    return [result.to_dict() for result in parse_many(paths)]


def parse_partition_results(paths: list[str]) -> list[Result]:
    return list(parse_many(paths))


@pytest.fixture
def paths(tmp_path: Path) -> list[str]:
    files = []
    for n in range(1, 13):
        file = tmp_path / f"story-{n:02d}.html"
        file.write_text(page(n), encoding="utf-8")
        files.append(str(file))
    broken = tmp_path / "story-06b.html"
    broken.write_bytes(b"")
    files.insert(6, str(broken))
    return files


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_dask_bag_gives_what_parse_many_gives(paths: list[str], scheduler: str) -> None:
    expected = [result.to_dict() for result in parse_many(paths)]
    bag = dask_bag.from_sequence(paths, npartitions=3).map_partitions(parse_partition)
    got = bag.compute(scheduler=scheduler, num_workers=2)
    assert got == expected
    assert [r["status"] for r in got].count("failed") == 1
    assert got[6]["error"]["type"] == "InputError"
    assert got[0]["article"]["title"] == "Story number 1"


def test_recipe_writes_json_lines_files(paths: list[str], tmp_path: Path) -> None:
    import json

    bag = dask_bag.from_sequence(paths, npartitions=3).map_partitions(parse_partition)
    bag.map(json.dumps).to_textfiles(
        str(tmp_path / "out" / "part-*.jsonl"), scheduler="threads", last_endline=True
    )
    parts = sorted((tmp_path / "out").glob("part-*.jsonl"))
    assert len(parts) == 3
    lines = [json.loads(line) for part in parts for line in part.read_text(encoding="utf-8").splitlines()]
    assert [line["source"] for line in lines] == paths
    assert bag.pluck("status").frequencies().compute(scheduler="synchronous") == [
        ("parsed", 12),
        ("failed", 1),
    ]


def test_results_and_errors_survive_the_process_scheduler(paths: list[str]) -> None:
    # Worker processes send Results back pickled: articles and errors must survive that.
    bag = dask_bag.from_sequence(paths, npartitions=2).map_partitions(parse_partition_results)
    results: list[Result] = bag.compute(scheduler="processes", num_workers=2)
    assert [r.to_dict() for r in results] == [r.to_dict() for r in parse_many(paths)]
    assert [r.source for r in results] == paths
    failed = [r for r in results if not r.ok]
    assert len(failed) == 1 and failed[0].error is not None
    assert failed[0].error.source == paths[6] and "empty" in failed[0].error.message
    assert results[0].article is not None and results[0].article.title == "Story number 1"
