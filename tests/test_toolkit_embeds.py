"""toolkit.embeds: providers' embed-code blockquotes and URLs read as Embed blocks."""

from __future__ import annotations

import lxml.html
import pytest

from newsparse.model import Embed
from newsparse.toolkit import embed_from_blockquote, post_text, provider_of


def _quote(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html)


def test_tweet_gives_its_words_and_a_clean_permalink() -> None:
    tweet = _quote(
        '<blockquote class="twitter-tweet"><p lang="en">Ferries stop at <a href="https://t.co/x">'
        "pic.twitter.com/x</a> tonight.</p>&mdash; Harbour (@harbour) "
        '<a href="https://twitter.com/harbour/status/42?ref_src=twsrc%5Etfw&amp;s=20">May 1, 2024</a>'
        "</blockquote>"
    )
    assert embed_from_blockquote(tweet) == Embed(
        provider="twitter",
        url="https://twitter.com/harbour/status/42?s=20",
        text="Ferries stop at pic.twitter.com/x tonight.",
    )


def test_instagram_permalink_line_is_not_the_post_but_a_linked_caption_is() -> None:
    bare = _quote(
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/Ab1/?utm_source=ig_embed">'
        '<p><a href="https://www.instagram.com/p/Ab1/">View this post on Instagram</a></p></blockquote>'
    )
    assert embed_from_blockquote(bare) == Embed(provider="instagram", url="https://www.instagram.com/p/Ab1/")
    captioned = _quote(
        '<blockquote class="instagram-media"><p><a href="https://www.instagram.com/p/Ab1/">'
        "Morning at the pier</a></p></blockquote>"
    )
    assert post_text(captioned) == "Morning at the pier"


def test_facebook_and_tiktok_blockquotes() -> None:
    facebook = _quote(
        '<blockquote cite="https://www.facebook.com/harbour/posts/545" class="fb-xfbml-parse-ignore">'
        '<p>Open late tonight!</p>Posted by <a href="https://www.facebook.com/harbour">Harbour</a>'
        "</blockquote>"
    )
    assert embed_from_blockquote(facebook) == Embed(
        provider="facebook", url="https://www.facebook.com/harbour/posts/545", text="Open late tonight!"
    )
    tiktok = _quote(
        '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@h/video/7"><section>'
        '<a href="https://www.tiktok.com/@h?refer=embed">@h</a> <p>Night market '
        '<a href="https://www.tiktok.com/tag/night?refer=embed">#night</a></p></section></blockquote>'
    )
    assert embed_from_blockquote(tiktok).text == "Night market #night"


def test_placeholder_without_paragraphs_gives_the_text_before_the_attribution() -> None:
    assert post_text(_quote("<blockquote class='twitter-tweet'>Words — Name (@n)</blockquote>")) == "Words"
    assert post_text(_quote("<blockquote class='twitter-tweet'> </blockquote>")) is None


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://x.com/a/status/1", "twitter"),
        ("https://mobile.twitter.com/a/status/1", "twitter"),
        ("https://www.youtube-nocookie.com/embed/abc", "youtube"),
        ("https://www.google.com/maps/embed?pb=1", "google-maps"),
        ("https://maps.google.co.uk/maps?q=x", "google-maps"),
        ("https://www.google.com/search?q=x", None),
        ("https://datawrapper.dwcdn.net/AbC/1/", "datawrapper"),
        ("https://public.flourish.studio/visualisation/1/", "flourish"),
        ("https://evil-twitter.com/a", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_provider_of_urls(url: str | None, provider: str | None) -> None:
    assert provider_of(url) == provider
