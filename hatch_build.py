"""Build hook guarding the optional compiled build (docs/performance.md, "Compiled build").

hatch-mypyc compiles in place: it writes the extension modules beside the sources in
``src/`` and packs them from there. Left behind, they would shadow the sources of any
editable install of this checkout (Python imports an extension before a ``.py`` file), so
edits would silently not run. Hence, when the mypyc hook is switched on:

- an editable install refuses to build (editable installs stay pure Python);
- a wheel build removes the compiled files from ``src/`` once the wheel is written.

With the hook off (the default) this does nothing.
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from typing import Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILER_HOOK = "mypyc"


class CompiledBuildGuard(BuildHookInterface[BuilderConfig]):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable" and COMPILER_HOOK in build_data["build_hooks"]:
            raise RuntimeError(
                "newsparse: editable installs are never compiled (the compiled modules would shadow "
                "the sources being edited); unset HATCH_BUILD_HOOK_ENABLE_MYPYC and "
                "HATCH_BUILD_HOOKS_ENABLE, or build a wheel"
            )

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if COMPILER_HOOK in build_data["build_hooks"]:
            for path in compiled_files(Path(self.root) / "src"):
                path.unlink()


def compiled_files(src: Path) -> list[Path]:
    """Extension modules under ``src``: newsparse has none but what the compiled build makes."""
    return [path for path in src.rglob("*") if path.name.endswith(tuple(EXTENSION_SUFFIXES))]
