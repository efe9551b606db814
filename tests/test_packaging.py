"""The installed distribution: one version everywhere, typing marker, dependencies, entry points."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from importlib import metadata, resources
from pathlib import Path

import newsparse

RUNTIME_DEPENDENCIES = {"lxml", "cssselect", "attrs", "python-dateutil"}


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[]", requirement, maxsplit=1)[0].lower()


def _newsparse_command() -> list[str]:
    script = Path(sys.executable).parent / "newsparse"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "newsparse.cli"]


def test_version_agrees_with_the_package_metadata() -> None:
    assert newsparse.__version__ == metadata.version("newsparse")
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?(a|b|rc|dev|post)\d*)?", newsparse.__version__)


def test_command_line_version_agrees() -> None:
    result = subprocess.run([*_newsparse_command(), "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["newsparse", metadata.version("newsparse")]


def test_py_typed_is_in_the_installed_package() -> None:
    assert resources.files("newsparse").joinpath("py.typed").is_file()


def test_runtime_dependencies_are_exactly_the_four() -> None:
    requirements = metadata.requires("newsparse") or []
    runtime = {_requirement_name(r) for r in requirements if "extra ==" not in r}
    assert runtime == RUNTIME_DEPENDENCIES


def test_test_and_dev_extras() -> None:
    requirements = metadata.requires("newsparse") or []

    def extra(name: str) -> set[str]:
        return {_requirement_name(r) for r in requirements if re.search(rf"extra\s*==\s*['\"]{name}['\"]", r)}

    assert {"pytest", "hypothesis"} <= extra("test")
    assert {"ruff", "mypy"} <= extra("dev")


def test_requires_python_3_10() -> None:
    assert metadata.metadata("newsparse")["Requires-Python"] == ">=3.10"


def test_builtin_extractors_use_the_public_entry_point_group() -> None:
    points = {ep.name: ep.value for ep in metadata.entry_points(group="newsparse.extractors")}
    assert points["generic"].startswith("newsparse.extractors.generic")
    assert points["bbc-zhongwen"].startswith("newsparse.extractors.bbc")
    scripts = {ep.name: ep.value for ep in metadata.entry_points(group="console_scripts")}
    assert scripts["newsparse"] == "newsparse.cli:main"


def test_public_api_is_importable_and_documented() -> None:
    undocumented = []
    for name in newsparse.__all__:
        value = getattr(newsparse, name)  # AttributeError here: __all__ names a missing object
        if (inspect.isclass(value) or inspect.isfunction(value)) and not inspect.getdoc(value):
            undocumented.append(name)
    assert undocumented == []
    assert sorted(newsparse.__all__) == newsparse.__all__
