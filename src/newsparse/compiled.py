"""Which build of newsparse is installed: pure Python (the default) or the compiled one.

The compiled build (docs/performance.md, "Compiled build") is the same source with a few
hot modules compiled by mypyc into extension modules that sit beside their ``.py`` files;
Python imports the extension when both are there. So the build is told by the files.
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

__all__ = ["compiled_modules"]


def compiled_modules() -> tuple[str, ...]:
    """The dotted names of newsparse's modules that run compiled, sorted; ``()`` in the
    pure-Python build.

    Benchmarks print it, so that every figure says which build it measured.
    """
    return _extension_modules(Path(__file__).resolve().parent, __name__.rpartition(".")[0])


def _extension_modules(package_dir: Path, package: str) -> tuple[str, ...]:
    """Extension modules under ``package_dir`` (the package named ``package``), as dotted names."""
    found = set()
    for path in package_dir.rglob("*"):
        # EXTENSION_SUFFIXES lists the specific suffix (".cpython-311-x86_64-linux-gnu.so")
        # before the bare ".so", so the first match leaves the module name.
        suffix = next((s for s in EXTENSION_SUFFIXES if path.name.endswith(s)), None)
        parts = path.relative_to(package_dir).parent.parts
        if suffix is not None and "__pycache__" not in parts:
            found.add(".".join((package, *parts, path.name[: -len(suffix)])))
    return tuple(sorted(found))
