"""Just enough of a Dockerfile and .dockerignore reader to check them without a Docker engine."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Instruction:
    name: str  # upper case: FROM, COPY, RUN...
    args: str  # the rest of the (continued) line

    def words(self) -> list[str]:
        """The arguments, exec form (a JSON array) or shell form."""
        if self.args.startswith("["):
            words: list[str] = json.loads(self.args)
            return words
        return shlex.split(self.args)


@dataclass(slots=True)
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, name: str) -> list[Instruction]:
        return [i for i in self.instructions if i.name == name]

    def one(self, name: str) -> Instruction:
        [instruction] = self.all(name)
        return instruction


def stages(text: str) -> list[Stage]:
    """The Dockerfile's stages in order, each with its instructions (comments dropped)."""
    joined = re.sub(r"\\\n", " ", text)
    result: list[Stage] = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, args = line.partition(" ")
        instruction = Instruction(name.upper(), " ".join(args.split()))
        if instruction.name == "FROM":
            words = instruction.words()
            alias = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            result.append(Stage(words[0], alias))
        else:
            result[-1].instructions.append(instruction)
    return result


@dataclass(frozen=True, slots=True)
class Copy:
    sources: list[str]
    destination: str
    from_stage: str | None


def copy(instruction: Instruction) -> Copy:
    words = instruction.words()
    flags = [w for w in words if w.startswith("--")]
    paths = [w for w in words if not w.startswith("--")]
    from_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
    return Copy(paths[:-1], paths[-1], from_stage)


def run_commands(instruction: Instruction) -> list[str]:
    """A shell-form RUN split at ``&&``, each command's words re-joined by single spaces."""
    return [" ".join(part.split()) for part in instruction.args.split("&&")]


def ignored(path: str, dockerignore: Path) -> bool:
    """Whether the build context leaves ``path`` out (patterns as Docker reads them; ! re-adds)."""
    result = False
    parts = Path(path).parts
    for raw in dockerignore.read_text().splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        # A pattern matches a path or any folder above it; ** matches any number of folders.
        prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        regex = _glob(pattern)
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            result = not negate
    return result


def _glob(pattern: str) -> re.Pattern[str]:
    """Go's filepath.Match, plus ``**`` for any number of folders, as .dockerignore reads it."""
    out = []
    for token in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
        out.append(
            {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(token)
            or re.escape(token)
        )
    return re.compile("".join(out))
