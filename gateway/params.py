"""What a GraphQL request asks for, read from a POST body or a GET URL (GraphQL over HTTP)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qs

import msgspec

from gateway.responses import RequestError


class GraphQLRequest(msgspec.Struct, frozen=True):
    query: str | None = None
    # Kept raw until its size is checked; decoded then, with its own error.
    variables: msgspec.Raw = msgspec.Raw(b"null")
    operationName: str | None = None
    extensions: dict[str, Any] | None = None


@dataclass(slots=True)
class Params:
    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


_REQUEST: Final = msgspec.json.Decoder(GraphQLRequest)
_MAP: Final = msgspec.json.Decoder(dict[str, Any] | None)


# msgspec decodes nested JSON recursively under the interpreter's recursion guard, so a body
# nested thousands deep raises RecursionError cleanly (at ~1,000 levels, far past any real
# variables) instead of overflowing the C stack. Catching that costs nothing per request, where
# bounding the depth ourselves would mean a second pass over every body.
_TOO_DEEP: Final = "The request nests JSON too deeply"


def _decode_map(raw: Any, what: str) -> dict[str, Any] | None:
    try:
        decoded: dict[str, Any] | None = _MAP.decode(raw)
    except msgspec.DecodeError as exc:  # ValidationError too
        raise RequestError(400, f"The {what} parameter is not a JSON object") from exc
    except RecursionError as exc:
        raise RequestError(400, _TOO_DEEP) from exc
    return decoded


def from_post(body: bytes, max_variables: int) -> Params:
    try:
        request = _REQUEST.decode(body)
    except msgspec.ValidationError as exc:
        raise RequestError(400, f"The request body is not a GraphQL request: {exc}") from exc
    except msgspec.DecodeError as exc:
        raise RequestError(400, "Unable to parse the request body as JSON") from exc
    except RecursionError as exc:
        raise RequestError(400, _TOO_DEEP) from exc
    if len(request.variables) > max_variables:
        raise RequestError(
            413, f"The variables are over {max_variables} bytes", "PAYLOAD_TOO_LARGE"
        )
    variables = _decode_map(request.variables, "variables")
    return Params(request.query, variables, request.operationName, request.extensions)


def from_query_string(query_string: bytes, max_variables: int) -> Params:
    params = parse_qs(query_string.decode("latin-1"))
    variables = params.get("variables", [""])[0]
    if len(variables) > max_variables:
        raise RequestError(
            413, f"The variables are over {max_variables} bytes", "PAYLOAD_TOO_LARGE"
        )
    extensions = params.get("extensions", [""])[0]
    return Params(
        query=params.get("query", [None])[0],
        variables=_decode_map(variables, "variables") if variables else None,
        operation_name=params.get("operationName", [None])[0],
        extensions=_decode_map(extensions, "extensions") if extensions else None,
    )


def check_json(content_type: bytes) -> None:
    """A POST body must be JSON in UTF-8, GraphQL over HTTP's one required encoding."""
    essence, _, params = content_type.partition(b";")
    charset = params.partition(b"charset=")[2].strip().strip(b'"').lower()
    if essence.strip().lower() != b"application/json" or charset not in (b"", b"utf-8"):
        raise RequestError(
            415, "Send the query as application/json (UTF-8)", "UNSUPPORTED_MEDIA_TYPE"
        )
