"""The generic extractor on players' placeholders, social embeds and embedded graphics,
and its own drift check on the project's fixtures."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsparse.api import Extraction, extract
from newsparse.cli import main as cli_main
from newsparse.diagnostics import context_coverage
from newsparse.model import Embed, Media, Paragraph, Quote

ROOT = Path(__file__).resolve().parent.parent
URL = "https://news.example.org/section/story"
PARAGRAPHS = [
    f"<p>Paragraph {n} of the invented story, long enough to count as article text for the root.</p>"
    for n in range(1, 5)
]
BEFORE, AFTER = "".join(PARAGRAPHS[:2]), "".join(PARAGRAPHS[2:])


def run(body: str) -> Extraction:
    html = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>{body}</body></html>'
    return extract(html, url=URL, retrieved_at=datetime(2024, 3, 1, tzinfo=timezone.utc), extractor="generic")


def coverage(extraction: Extraction) -> float:
    report = context_coverage(extraction.context, extraction.article)
    assert report is not None
    return float(report["coverage"])


@pytest.mark.parametrize("folder", ["generic", "bbc-zhongwen", "bbc-world-service"])
def test_the_built_in_extractors_pass_their_own_drift_check_on_their_fixtures(
    folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["check", str(ROOT / "fixtures" / folder)]) == 0
    assert "FLAG" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "player",
    [
        # The message inside the player's own element (BBC's SMP placeholder).
        '<div class="smp" data-playable=\'{"settings":{"playlistObject":{"items":[{"vpid":"p0abc123"}]}}}\'>'
        '<p class="fallback">Media playback is unsupported on your device</p></div>',
        # Next to the player, inside the player's wrapper in a figure.
        '<figure><div class="player"><iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe>'
        "<p>Your browser cannot play this video</p></div><figcaption>The opening song</figcaption></figure>",
        # A <video>'s fallback content.
        '<video src="/clip.mp4">Your browser does not support the video tag.</video>',
    ],
)
def test_a_player_s_placeholder_text_is_skipped_not_lost_nor_read(player: str) -> None:
    extraction = run(f"<article>{BEFORE}{player}{AFTER}</article>")
    article = extraction.article
    assert len(article.media) == 1
    assert not any(
        word in block.text
        for block in article.body
        if isinstance(block, Paragraph)
        for word in ("play", "support")
    )
    assert article.media[0].caption in (None, "The opening song")
    assert any(s.reason.startswith("player placeholder") for s in extraction.context.skipped)
    assert coverage(extraction) == 1.0
