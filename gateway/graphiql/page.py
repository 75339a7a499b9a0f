"""The GraphiQL page and the bundles it loads, served by the gateway itself.

``make assets`` (run by ``make run`` and ``make test``) and the Dockerfile's node stage copy
GraphiQL, React and the explorer plugin from the npm lockfile into ``static/``, each under a
content-hashed name listed in ``static/manifest.json``. The page loads them from
``graphiql/assets/<file>`` relative to itself, so a proxy that mounts the gateway under a prefix
keeps working, and no request leaves the gateway's origin; a browser that accepts gzip gets the
copy build.mjs compressed beside each file (1.58 MB of code travels as 0.64 MB). Without a
manifest the page is
strawberry's, which loads the same libraries from a public CDN; one log line says so.
"""

from __future__ import annotations

import gzip
import html
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import msgspec
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from strawberry.http.ides import get_graphql_ide_html

from gateway.graphiql.tabs import TABS, Tab

logger = logging.getLogger("gateway")

STATIC: Final = Path(__file__).parent / "static"
MANIFEST: Final = "manifest.json"
# Relative to /graphql, the page's own URL.
ASSET_PATH: Final = "graphiql/assets/"
# Safe because a file's name changes whenever its content does.
CACHE_FOREVER: Final = "public, max-age=31536000, immutable"
STYLES: Final = ("graphiql.css", "explorer.css")
# In load order: each reads the globals the ones before it define.
SCRIPTS: Final = ("react.js", "react-dom.js", "graphiql.js", "explorer.js")
_MEDIA_TYPES: Final = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


class Asset(msgspec.Struct, frozen=True):
    """One entry of manifest.json, as ui/build.mjs writes it."""

    file: str
    integrity: str
    package: str
    version: str
    bytes: int


_MANIFEST: Final = msgspec.json.Decoder(dict[str, Asset])


def load_manifest(folder: Path) -> dict[str, Asset] | None:
    """The built assets, or None when any the page needs is missing or unreadable."""
    try:
        manifest = _MANIFEST.decode((folder / MANIFEST).read_bytes())
    except (OSError, msgspec.DecodeError):
        return None
    names = (*STYLES, *SCRIPTS)
    if any(name not in manifest or not (folder / manifest[name].file).is_file() for name in names):
        return None
    return manifest


_BOOT: Final = """\
const tabs = JSON.parse(document.getElementById("graphiql-tabs").textContent);
const fetcher = GraphiQL.createFetcher({ url: window.location.href.split(/[?#]/)[0] });
const explorer = GraphiQLPluginExplorer.explorerPlugin();
function TMDBFusionGraphiQL() {
  return React.createElement(GraphiQL, {
    fetcher,
    plugins: [explorer],
    defaultTabs: tabs,
    defaultEditorToolsVisibility: true,
    isHeadersEditorEnabled: true,
    // Headers may hold a proxy's credentials: keep them out of localStorage.
    shouldPersistHeaders: false,
  });
}
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(TMDBFusionGraphiQL),
);
"""


def render(manifest: Mapping[str, Asset], tabs: Iterable[Tab] = TABS) -> bytes:
    """The page, loading each asset from the gateway with its SRI hash."""

    def attrs(name: str) -> str:
        asset = manifest[name]
        src = html.escape(ASSET_PATH + asset.file)
        return f'href="{src}" integrity="{html.escape(asset.integrity)}"'

    styles = "\n".join(f'<link rel="stylesheet" {attrs(name)}>' for name in STYLES)
    scripts = "\n".join(
        f"<script {attrs(name).replace('href=', 'src=', 1)}></script>" for name in SCRIPTS
    )
    # "<" escaped so that no query text can close the script element it sits in.
    data = json.dumps([tab.as_graphiql() for tab in tabs]).replace("<", "\\u003c")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TMDBFusion GraphiQL</title>
<link rel="icon" href="data:,">
{styles}
<style>body {{ margin: 0; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL...</div>
{scripts}
<script id="graphiql-tabs" type="application/json">{data}</script>
<script>
{_BOOT}</script>
</body>
</html>
""".encode()


@dataclass(frozen=True, slots=True)
class GraphiQLAssets:
    """The page GET /graphql shows a browser, and the files it loads (empty for the CDN page)."""

    page: bytes
    files: Mapping[str, bytes]
    gzipped: Mapping[str, bytes]
    manifest: Mapping[str, Asset]

    @classmethod
    def load(cls, folder: Path | None = None, tabs: Iterable[Tab] = TABS) -> GraphiQLAssets:
        folder = STATIC if folder is None else folder
        manifest = load_manifest(folder)
        if manifest is None:
            logger.warning(
                "GraphiQL assets not built (no %s in %s; `make assets` builds them): /graphql "
                "serves a GraphiQL page that loads its code from a public CDN",
                MANIFEST,
                folder,
            )
            return cls(get_graphql_ide_html(graphql_ide="graphiql").encode(), {}, {}, {})
        files = {asset.file: (folder / asset.file).read_bytes() for asset in manifest.values()}
        gzipped = {}
        for name, body in files.items():
            packed = folder / f"{name}.gz"
            # Used only if it holds exactly the file: a stale copy must never be served.
            if packed.is_file() and gzip.decompress(compressed := packed.read_bytes()) == body:
                gzipped[name] = compressed
        return cls(render(manifest, tabs), files, gzipped, manifest)

    async def endpoint(self, request: Request) -> Response:
        """GET /graphiql/assets/{name}: only the files the manifest lists, cached for a year."""
        name: str = request.path_params["name"]
        body = self.files.get(name)
        if body is None:
            return PlainTextResponse("Not found", status_code=404)
        media_type = _MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream")
        headers = {
            "Cache-Control": CACHE_FOREVER,
            "X-Content-Type-Options": "nosniff",
            "Vary": "Accept-Encoding",
        }
        compressed = self.gzipped.get(name)
        if compressed is not None and "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            body = compressed
        return Response(body, media_type=media_type, headers=headers)
