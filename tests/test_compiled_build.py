"""The optional compiled build (mypyc, docs/performance.md "Compiled build").

The build hook's module list must name real modules that can be compiled, the hook must
stay off unless asked for, ``newsparse.compiled_modules()`` must tell the truth about the
installed files, and the speed benchmark must say which build it measured. When
``NEWSPARSE_EXPECT_BUILD`` is ``pure`` or ``compiled`` (CI sets it for each of its two
installs), the installed build must be exactly that one.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from typing import Any

import pytest

import newsparse
from newsparse.compiled import _extension_modules

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

#: Modules that must stay pure Python, and why (mypyc would reject them or change them).
PURE_ONLY = {
    "newsparse/model.py": "attrs fields with converters and validators (the document model)",
    "newsparse/extractor.py": "plugins subclass Extractor (interpreted subclasses of compiled classes fail)",
    "newsparse/page.py": "a custom descriptor (_computed_once) on Page",
    "newsparse/__init__.py": "the module-level __getattr__ behind the lazily imported public names",
}


def tomllib_config() -> dict[str, Any]:
    """pyproject.toml, read."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config


def mypyc_hook() -> dict[str, Any]:
    hook: dict[str, Any] = tomllib_config()["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]
    return hook


def hook_modules() -> list[str]:
    """The dotted names of the modules the build hook compiles."""
    names = []
    for pattern in mypyc_hook()["include"]:
        relative = Path(pattern.removeprefix("/")).relative_to("src").with_suffix("")
        names.append(".".join(relative.parts))
    return names


def test_the_hook_is_off_unless_asked_for() -> None:
    hook = mypyc_hook()
    # `pip install .` and `pip install -e .` stay pure Python and never fetch mypy.
    assert hook["enable-by-default"] is False
    requirements = " ".join(hook["dependencies"])
    assert "hatch-mypyc" in requirements and "mypy" in requirements


def test_the_hook_lists_existing_modules_that_may_be_compiled() -> None:
    patterns = mypyc_hook()["include"]
    assert patterns, "an empty include list would compile every module"
    assert len(set(patterns)) == len(patterns)
    for pattern in patterns:
        # Anchored paths of single files: a glob or a directory could pull in any module.
        assert re.fullmatch(r"/src/newsparse/[\w/]+\.py", pattern), pattern
        assert (ROOT / pattern.removeprefix("/")).is_file(), f"{pattern} does not exist"
        assert pattern.removeprefix("/src/") not in PURE_ONLY, pattern
    for name in hook_modules():
        importlib.import_module(name)  # a real module, importable under that name


def test_compiled_modules_names_the_extension_modules_that_are_imported() -> None:
    compiled = newsparse.compiled_modules()
    assert list(compiled) == sorted(set(compiled))
    for name in {*compiled, *hook_modules()}:
        module = importlib.import_module(name)
        is_extension = str(module.__file__).endswith(tuple(EXTENSION_SUFFIXES))
        assert is_extension == (name in compiled), (name, module.__file__)


def test_the_installed_build_is_whole() -> None:
    compiled = newsparse.compiled_modules()
    # A build is pure, or has every listed module compiled: anything in between means stray
    # or missing extension files.
    assert compiled in ((), tuple(sorted(hook_modules())))
    expected = os.environ.get("NEWSPARSE_EXPECT_BUILD")
    if expected == "pure":
        assert compiled == ()
    elif expected == "compiled":
        assert compiled == tuple(sorted(hook_modules()))
    else:
        assert expected is None, f"NEWSPARSE_EXPECT_BUILD={expected!r}: use 'pure' or 'compiled'"


def test_extension_modules_are_found_by_their_suffixes(tmp_path: Path) -> None:
    specific, bare = EXTENSION_SUFFIXES[0], EXTENSION_SUFFIXES[-1]
    (tmp_path / "sub" / "__pycache__").mkdir(parents=True)
    for name in (
        f"fast{specific}",
        "fast.py",
        "slow.py",
        f"sub/inner{bare}",
        f"sub/__pycache__/stale{bare}",
        "notes.txt",
    ):
        (tmp_path / name).write_bytes(b"")
    assert _extension_modules(tmp_path, "pkg") == ("pkg.fast", "pkg.sub.inner")


def test_the_speed_benchmark_says_which_build_it_measured() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_speed.py"),
            *("--only", "seed", "--no-trafilatura", "--repeat", "1", "--warmup", "0", "--import-runs", "1"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    header = done.stdout.splitlines()[0]
    compiled = newsparse.compiled_modules()
    if compiled:
        assert f"build: compiled with mypyc ({len(compiled)} modules: " in header, header
        assert "toolkit.text" in header
    else:
        assert header.endswith("build: pure Python"), header


def build_guard(root: Path) -> Any:
    """The project's hatch_build.py hook, made for a project at ``root``."""
    pytest.importorskip("hatchling")  # the build backend (dev extra)
    spec = importlib.util.spec_from_file_location("newsparse_hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CompiledBuildGuard(str(root), {}, None, None, str(root), "wheel")


def test_the_guard_hook_runs_before_the_compiler() -> None:
    hooks = list(tomllib_config()["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"])
    assert hooks.index("custom") < hooks.index("mypyc")


def test_editable_installs_refuse_the_compiler(tmp_path: Path) -> None:
    guard = build_guard(tmp_path)
    with pytest.raises(RuntimeError, match="editable installs are never compiled"):
        guard.initialize("editable", {"build_hooks": ("custom", "mypyc")})
    guard.initialize("editable", {"build_hooks": ("custom",)})  # the default: pure, allowed
    guard.initialize("standard", {"build_hooks": ("custom", "mypyc")})


def test_a_compiled_wheel_build_leaves_no_compiled_files_in_src(tmp_path: Path) -> None:
    guard = build_guard(tmp_path)
    package = tmp_path / "src" / "newsparse"
    package.mkdir(parents=True)
    made = [tmp_path / "src" / f"abc__mypyc{EXTENSION_SUFFIXES[0]}", package / f"text{EXTENSION_SUFFIXES[0]}"]
    for path in [*made, package / "text.py"]:
        path.write_bytes(b"")
    guard.finalize("standard", {"build_hooks": ("custom",)}, "x.whl")  # compiler off: untouched
    assert all(path.exists() for path in made)
    guard.finalize("standard", {"build_hooks": ("custom", "mypyc")}, "x.whl")
    assert not any(path.exists() for path in made)
    assert (package / "text.py").exists()
