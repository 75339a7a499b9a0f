"""A video's ``url``: its key on the site TMDB names, for YouTube and Vimeo, else null.

No recorded TMDB body lists a Vimeo video, and none is invented here: each case takes a real
video record (Fight Club's first, ``movie_videos__550.json``, a YouTube trailer) and varies only
its ``site``, through the pure mapping ``schema.common.video_url`` and through the GraphQL
``Video`` built from the record.
"""

from __future__ import annotations

import msgspec
import pytest

from schema.common import Video, video_url
from tests.helpers import body
from tmdbfusion import models as tmdb

[RECORDED, *_] = msgspec.json.decode(body("movie_videos__550.json"), type=tmdb.Videos).results
KEY = RECORDED.key


@pytest.mark.parametrize(
    ("site", "url"),
    [
        pytest.param("YouTube", f"https://www.youtube.com/watch?v={KEY}", id="youtube"),
        pytest.param("Vimeo", f"https://vimeo.com/{KEY}", id="vimeo"),
        # A site TMDB may name that plays no key of ours; and the site's name is case-sensitive
        # as TMDB writes it.
        pytest.param("Dailymotion", None, id="unknown-site"),
        pytest.param("vimeo", None, id="unknown-spelling"),
        pytest.param("", None, id="no-site"),
    ],
)
def test_a_videos_url_is_its_key_on_the_site_tmdb_names(site: str, url: str | None) -> None:
    # The real record, before its site is varied.
    assert RECORDED.site == "YouTube"
    assert KEY

    assert video_url(site, KEY) == url
    assert Video.from_tmdb(msgspec.structs.replace(RECORDED, site=site)).url() == url


def test_a_blank_key_plays_nowhere() -> None:
    assert video_url("Vimeo", "") is None
    assert video_url("YouTube", "") is None
