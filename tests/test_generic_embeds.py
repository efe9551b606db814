"""The generic extractor on players' placeholders, social embeds and embedded graphics,
and its own drift check on the project's fixtures."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsparse.api import Extraction, extract
from newsparse.cli import main as cli_main
from newsparse.diagnostics import context_coverage
from newsparse.model import Embed, Paragraph, Quote

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


TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en">Ferries stop at six tonight.</p>'
    "&mdash; Harbour (@harbour) "
    '<a href="https://twitter.com/harbour/status/42?ref_src=twsrc%5Etfw">May 1, 2024</a></blockquote>'
)


@pytest.mark.parametrize(
    "wrapper", ["{}", '<div class="social-embed">{}</div>', '<div class="embed">{}</div>']
)
def test_an_embed_code_blockquote_is_an_embed_block_and_its_attribution_is_accounted_for(
    wrapper: str,
) -> None:
    extraction = run(f"<article>{BEFORE}{wrapper.format(TWEET)}{AFTER}</article>")
    article = extraction.article
    assert article.embeds == (
        Embed(
            provider="twitter",
            url="https://twitter.com/harbour/status/42",
            text="Ferries stop at six tonight.",
        ),
    )
    assert not any(isinstance(block, Quote) for block in article.body)
    assert "Ferries" not in article.text  # the post is not the story's own text
    assert any(s.reason == "social embed (read as an embed block)" for s in extraction.context.skipped)
    assert coverage(extraction) == 1.0


def test_facebook_s_wrapper_names_the_post() -> None:
    post = (
        '<div class="fb-post" data-href="https://www.facebook.com/harbour/posts/545">'
        '<blockquote class="fb-xfbml-parse-ignore"><p>Open late tonight!</p>Posted by '
        '<a href="https://www.facebook.com/harbour">Harbour</a></blockquote></div>'
    )
    embeds = run(f"<article>{BEFORE}{post}{AFTER}</article>").article.embeds
    assert embeds == (
        Embed(
            provider="facebook", url="https://www.facebook.com/harbour/posts/545", text="Open late tonight!"
        ),
    )


def test_a_plain_blockquote_stays_a_quote() -> None:
    article = run(
        f"<article>{BEFORE}<blockquote><p>We will rebuild.</p></blockquote>{AFTER}</article>"
    ).article
    assert article.embeds == () and [b.text for b in article.body if isinstance(b, Quote)] == [
        "We will rebuild."
    ]


@pytest.mark.parametrize(
    ("src", "provider"),
    [
        ("https://datawrapper.dwcdn.net/Ab12C/1/", "datawrapper"),
        ("https://public.flourish.studio/visualisation/123/embed", "flourish"),
        ("https://e.infogram.com/abc-def?src=embed", "infogram"),
        ("https://www.google.com/maps/embed?pb=!1m18", "google-maps"),
        ("https://www.openstreetmap.org/export/embed.html?bbox=1,2,3,4", "openstreetmap"),
        ("https://experience.arcgis.com/experience/abc", "arcgis"),
        ("https://platform.twitter.com/embed/Tweet.html?id=42", "twitter"),
    ],
)
def test_a_frame_of_a_known_graphics_map_or_post_provider_is_an_embed(src: str, provider: str) -> None:
    frame = (
        f'<figure><iframe src="{src}" title="The route"></iframe>'
        "<figcaption>Where it went</figcaption></figure>"
    )
    article = run(f"<article>{BEFORE}{frame}{AFTER}</article>").article
    assert article.embeds == (Embed(provider=provider, url=src, title="The route", caption="Where it went"),)
    loose = run(f'<article>{BEFORE}<iframe src="{src}"></iframe>{AFTER}</article>').article
    assert loose.embeds == (Embed(provider=provider, url=src),)


def test_a_facebook_plugin_frame_names_the_post_in_its_href() -> None:
    src = "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fh%2Fposts%2F9&width=500"
    article = run(f'<article>{BEFORE}<iframe src="{src}"></iframe>{AFTER}</article>').article
    assert article.embeds == (Embed(provider="facebook", url="https://www.facebook.com/h/posts/9"),)


def test_players_stay_media_and_unknown_frames_stay_skipped() -> None:
    frames = (
        '<iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe>'
        '<iframe src="https://widgets.example-ads.net/frame/77"></iframe>'
    )
    extraction = run(f"<article>{BEFORE}{frames}{AFTER}</article>")
    assert [m.provider for m in extraction.article.media] == ["youtube"]
    assert extraction.article.embeds == ()
    assert any(s.reason.startswith("embed that is not a known") for s in extraction.context.skipped)
