"""Invented English story pages for the CLI and batch tests (one place, shared)."""

from __future__ import annotations

from pathlib import Path


def page(n: int) -> str:
    """An invented news page whose title and body name its number."""
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>Story number {n}</title></head><body>"
        f"<article><h1>Story number {n}</h1>"
        f"<p>The first paragraph of story {n} tells what happened in the invented town.</p>"
        f"<p>The second paragraph of story {n} adds what the invented mayor said.</p>"
        "</article></body></html>"
    )


def write_pages(folder: Path, numbers: range, suffix: str = ".html") -> list[Path]:
    """Write ``page(n)`` for each number as ``story-NNN<suffix>`` under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in numbers:
        path = folder / f"story-{n:03d}{suffix}"
        path.write_text(page(n), encoding="utf-8")
        paths.append(path)
    return paths
