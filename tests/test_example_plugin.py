"""End to end: the example third-party plugin, installed into a fresh virtual environment.

One venv per module: newsparse (from this checkout, not editable) and
``examples/newsparse-example-site`` are installed into it with pip, then that venv's own
``newsparse`` command must list the plugin with its distribution and route the plugin's
pages to it, by URL and by sniffing. Needs pip able to fetch the build backend and the
runtime dependencies (an index or a wheel cache), as installing newsparse always does.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

import newsparse
from conftest import ROOT

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "examples" / "newsparse-example-site"
CASES = EXAMPLE / "fixtures" / "example-gazette"
STORY_URL = "https://www.gazette.example/stories/2024/harbour-bridge-reopens"


@dataclass
class Installed:
    """The temporary environment: its interpreter and its ``newsparse`` script."""

    python: Path
    script: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NEWSPARSE_CORPUS")}
        result = subprocess.run(
            [str(self.script), *args], capture_output=True, text=True, timeout=120, env=env, cwd=CASES
        )
        if check and result.returncode != 0:
            raise AssertionError(f"newsparse {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
        return result


def _pip_supports_python_option() -> bool:
    # pip >= 22.3 can install into another interpreter's environment (--python), which
    # spares creating a second copy of pip inside the temporary venv.
    import pip

    major, minor = (int(part) for part in pip.__version__.split(".")[:2])
    return (major, minor) >= (22, 3)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    home = tmp_path_factory.mktemp("example-plugin-venv")
    bindir = home / ("Scripts" if sys.platform == "win32" else "bin")
    python = bindir / ("python.exe" if sys.platform == "win32" else "python")
    # The example with its test extra, so its own test suite can run in there too.
    targets = [str(ROOT), f"{EXAMPLE}[test]"]
    if _pip_supports_python_option():
        venv.create(home, with_pip=False)
        command = [sys.executable, "-m", "pip", "--python", str(python)]
    else:
        venv.create(home, with_pip=True)
        command = [str(python), "-m", "pip"]
    result = subprocess.run(
        [*command, "install", "--quiet", "--disable-pip-version-check", *targets],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(
            f"pip could not install newsparse and the example plugin:\n{result.stdout}\n{result.stderr}"
        )
    return Installed(python=python, script=bindir / "newsparse")


def test_the_example_package_own_tests_pass(installed: Installed) -> None:
    # Its goldens and contract check, through newsparse.testing's pytest plugin.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NEWSPARSE_CORPUS")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run(
        [str(installed.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=EXAMPLE,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b5 passed\b", result.stdout), result.stdout


def test_installed_version_matches_the_checkout(installed: Installed) -> None:
    assert installed.run("--version").stdout.split() == ["newsparse", newsparse.__version__]


def test_installed_package_ships_py_typed(installed: Installed) -> None:
    code = "import importlib.resources as r; print(r.files('newsparse').joinpath('py.typed').is_file())"
    result = subprocess.run([str(installed.python), "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"


def test_extractors_lists_the_plugin_with_its_distribution(installed: Installed) -> None:
    listing = json.loads(installed.run("extractors", "--format", "json").stdout)
    by_name = {item["name"]: item for item in listing}
    plugin = by_name["example-gazette"]
    assert plugin["origin"] == "newsparse-example-site 0.1.0"
    assert plugin["broken"] is None
    assert plugin["url_rules"] == [{"host": "*.gazette.example", "path": "/stories/"}]
    assert by_name["generic"]["origin"] == f"newsparse {newsparse.__version__}"
    # The human listing names the plugin and where it comes from on one line.
    text = installed.run("extractors").stdout
    assert any(
        "example-gazette" in line and "newsparse-example-site 0.1.0" in line for line in text.splitlines()
    )


def test_parse_routes_the_plugin_url_to_it(installed: Installed) -> None:
    result = installed.run(
        "parse", "harbour-bridge.html", "--url", STORY_URL, "--retrieved-at", "2024-03-08T13:00:00+01:00"
    )
    article = json.loads(result.stdout)
    assert article["extractor"] == "example-gazette"
    assert article["layout"] == "story-2024"
    # The whole output is the reviewed golden of the example package.
    assert article == json.loads((CASES / "harbour-bridge.json").read_text(encoding="utf-8"))


def test_parse_without_url_is_routed_by_sniffing(installed: Installed) -> None:
    article = json.loads(installed.run("parse", "library-hours.html").stdout)
    assert article["extractor"] == "example-gazette"
    assert article == json.loads((CASES / "library-hours.json").read_text(encoding="utf-8"))


def test_a_mirror_url_is_routed_by_the_page_canonical_link(installed: Installed) -> None:
    # harbour-bridge.html carries <link rel=canonical> to its gazette.example URL.
    result = installed.run("parse", "harbour-bridge.html", "--url", "https://mirror.example.org/copy/1")
    article = json.loads(result.stdout)
    assert article["extractor"] == "example-gazette"
    assert article["url"] == "https://mirror.example.org/copy/1"


def test_other_sites_still_go_to_generic(installed: Installed) -> None:
    # library-hours.html has no canonical link; with a URL given, sniffing is not used.
    result = installed.run("parse", "library-hours.html", "--url", "https://news.example.org/stories/1")
    assert json.loads(result.stdout)["extractor"] == "generic"
