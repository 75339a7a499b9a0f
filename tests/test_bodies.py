"""Real TMDB bodies are kept once in the repository: the demo dataset, the tests and the
benchmark all read ``gateway/demo/data/``, and no JSON file anywhere holds another's content."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from tests.helpers import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
# Not the repository's own files: tools' caches, the virtualenv, build output.
SKIPPED = {".git", ".venv", "node_modules", "build", "dist", "__pycache__"}


def json_files() -> Iterator[Path]:
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [
            name
            for name in subfolders
            if name not in SKIPPED and not name.startswith(".") and not name.endswith(".egg-info")
        ]
        for name in names:
            if name.endswith(".json"):
                yield Path(folder) / name


def test_no_two_json_files_hold_the_same_body() -> None:
    seen: dict[str, Path] = {}
    duplicates = []
    files = list(json_files())
    for path in files:
        # Parsed and re-serialized, so a copy that was only reformatted is found too.
        content = json.dumps(json.loads(path.read_bytes()), sort_keys=True)
        first = seen.setdefault(content, path)
        if first is not path:
            duplicates.append((first.relative_to(ROOT), path.relative_to(ROOT)))
    assert duplicates == []
    # The real bodies were found, so the check was not vacuous.
    assert sum(path.parent == FIXTURES for path in files) > 70


def test_the_bodies_are_the_demo_datasets_folder() -> None:
    assert FIXTURES == ROOT / "gateway" / "demo" / "data"
    assert (FIXTURES / "PROVENANCE.tsv").is_file()
