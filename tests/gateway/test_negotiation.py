"""Accept negotiation: GraphQL over HTTP's two media types, RFC 9110's rules between them."""

from __future__ import annotations

import pytest

from gateway.negotiation import Media, negotiate

JSON, GRAPHQL = Media.JSON, Media.GRAPHQL_RESPONSE


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        pytest.param(b"", JSON, id="none: legacy JSON"),
        pytest.param(b"*/*", JSON, id="anything: JSON"),
        pytest.param(b"application/*", JSON, id="application wildcard: JSON"),
        pytest.param(b"application/json", JSON, id="json"),
        pytest.param(b"application/graphql-response+json", GRAPHQL, id="graphql-response"),
        pytest.param(b"Application/GraphQL-Response+JSON", GRAPHQL, id="case-insensitive"),
        pytest.param(
            b"application/graphql-response+json, application/json;q=0.9", GRAPHQL, id="spec-order"
        ),
        pytest.param(
            b"application/json, application/graphql-response+json", JSON, id="client-order"
        ),
        pytest.param(
            b"application/json;q=0.5, application/graphql-response+json", GRAPHQL, id="q-wins"
        ),
        pytest.param(b"application/graphql-response+json, */*;q=0.1", GRAPHQL, id="with-fallback"),
        pytest.param(b"text/html,application/xhtml+xml,*/*;q=0.8", JSON, id="browser"),
        pytest.param(b"application/json;q=0, */*", GRAPHQL, id="json-refused-explicitly"),
        pytest.param(b"text/html", None, id="neither: 406"),
        pytest.param(b"application/json;q=0", None, id="q=0 means not acceptable"),
        pytest.param(b"application/json;q=nan", None, id="nonsense q"),
        pytest.param(b"garbage", None, id="malformed"),
    ],
)
def test_negotiate(accept: bytes, media: Media | None) -> None:
    assert negotiate(accept) is media
    assert negotiate(accept) is media  # memoized, the same again
