"""A person's parts come in the person's one request."""

from __future__ import annotations

import httpx
import respx

from gateway.config import Settings
from schema.imageconfig import RECORDED_BASE_URL
from tests.helpers import fixture_json, graphql, ok, upstream_calls

PITT = fixture_json("person_details_append__287.json")


async def test_images_external_ids_and_translations_are_one_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))

    result = await graphql(
        client,
        """{ person(id: 287) { name images { profiles { fileUrl(size: H632) } }
             externalIds { imdbId tvrageId facebookId }
             translations { iso6391 data { biography } } } }""",
    )

    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/configuration", set()),
        ("/3/person/287", {"images", "external_ids", "translations"}),
    ]
    person = result["data"]["person"]
    assert person["images"]["profiles"] == [
        {"fileUrl": f"{RECORDED_BASE_URL}h632{p['file_path']}"} for p in PITT["images"]["profiles"]
    ]
    ids = PITT["external_ids"]
    assert person["externalIds"] == {
        "imdbId": ids["imdb_id"],
        "tvrageId": ids["tvrage_id"],
        "facebookId": None,
    }
    translations = PITT["translations"]["translations"]
    assert [t["iso6391"] for t in person["translations"]] == [t["iso_639_1"] for t in translations]
    assert person["translations"][0]["data"] == {
        "biography": translations[0]["data"]["biography"] or None
    }


async def test_combined_credits_keep_each_role_and_job(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/person/1").mock(
        return_value=httpx.Response(
            200,
            json={
                **fixture_json("person_details__1.json"),
                "combined_credits": fixture_json("person_combined_credits__1.json"),
            },
        )
    )

    result = await graphql(
        client,
        """{ person(id: 1) { combinedCredits { cast(first: 3) { mediaType character creditId }
             crew { job department } } } }""",
    )

    assert upstream_calls(tmdb, settings) == [("/3/person/1", {"combined_credits"})]
    credits = fixture_json("person_combined_credits__1.json")
    served = result["data"]["person"]["combinedCredits"]
    assert served["cast"] == [
        {
            "mediaType": c["media_type"],
            "character": c["character"] or None,
            "creditId": c["credit_id"],
        }
        for c in credits["cast"][:3]
    ]
    assert served["crew"] == [
        {"job": c["job"], "department": c["department"]} for c in credits["crew"]
    ]
    assert {c["media_type"] for c in credits["crew"]} == {"movie", "tv"}
