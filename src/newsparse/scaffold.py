"""``newsparse new-plugin``: write a ready-to-install extractor plugin package.

The package holds a pyproject with the ``newsparse.extractors`` entry point, an extractor
module built on the toolkit with one :class:`~newsparse.Layout`, an invented sample page
of the site with its input sidecar, the page's golden JSON, and tests that run the
goldens, the drift measure and the contract check through :mod:`newsparse.testing`.

The golden is not written by hand: the generated extractor is imported from the new
package, registered for the moment, and run on the sample page through the normal URL
routing, exactly as the package's own tests will run it after ``pip install``.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from string import Template

import attrs

from newsparse._version import __version__

__all__ = ["PluginSpec", "ScaffoldError", "create_plugin", "plugin_spec"]

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+[a-z][a-z0-9-]*[a-z0-9]$")

#: Template file -> path in the new package ($-placeholders are filled in both).
_FILES: dict[str, str] = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "gitignore.tmpl": ".gitignore",
    "__init__.py.tmpl": "src/${module}/__init__.py",
    "extractor.py.tmpl": "src/${module}/extractor.py",
    "test_extractor.py.tmpl": "tests/test_${module}.py",
    "sample-article.html.tmpl": "fixtures/${name}/sample-article.html",
    "sample-article.input.json.tmpl": "fixtures/${name}/sample-article.input.json",
}
_SAMPLE = "fixtures/${name}/sample-article"


class ScaffoldError(ValueError):
    """The plugin cannot be created as asked (bad name or domain, folder in the way …)."""


@attrs.frozen
class PluginSpec:
    """Everything the templates need, derived from the extractor name and the domain."""

    name: str
    domain: str
    #: The registrable domain the URL rule covers with all its subdomains.
    bare_domain: str
    distribution: str
    module: str
    class_name: str
    sample_url: str
    site_title: str

    def values(self) -> dict[str, str]:
        values = attrs.asdict(self)
        values["newsparse_version"] = __version__
        return values


def plugin_spec(name: str, domain: str) -> PluginSpec:
    """Validate ``name`` and ``domain`` and derive the package's names from them.

    ``name`` is the extractor name: lower-case words joined by dashes (``acme-news``).
    ``domain`` is the site's host (``www.acme-news.example``); a leading ``www.`` is
    dropped from the URL rule so the bare domain and every subdomain are covered.
    """
    if not _NAME.match(name):
        raise ScaffoldError(
            f"invalid plugin name {name!r}: use lower-case letters and digits, words joined by '-' "
            "(e.g. acme-news)"
        )
    host = domain.strip().lower().rstrip(".")
    if "://" in host or "/" in host:
        raise ScaffoldError(f"--domain takes a host name such as www.example.com, not a URL: {domain!r}")
    if not _DOMAIN.match(host):
        raise ScaffoldError(f"invalid domain {domain!r}: expected a host name such as www.example.com")
    bare = host[4:] if host.startswith("www.") and host.count(".") >= 2 else host
    words = name.split("-")
    module = "newsparse_" + "_".join(words)
    return PluginSpec(
        name=name,
        domain=host,
        bare_domain=bare,
        distribution=f"newsparse-{name}",
        module=module,
        class_name="".join(word.capitalize() for word in words) + "Extractor",
        sample_url=f"https://{host}/news/2024/05/01/harbour-lanterns-return",
        site_title=" ".join(word.capitalize() for word in words),
    )


def _templates() -> Iterator[tuple[str, str]]:
    folder = resources.files("newsparse").joinpath("templates").joinpath("plugin")
    for template, target in _FILES.items():
        yield target, folder.joinpath(template).read_text(encoding="utf-8")


def create_plugin(name: str, domain: str, dest: str | Path = ".") -> Path:
    """Write the plugin package for ``name``/``domain`` into ``dest/newsparse-<name>/``.

    Returns the package folder. Raises :class:`ScaffoldError` when the name or domain is
    invalid, an installed extractor already has the name, or the folder exists and is not
    empty. The sample page's golden JSON is produced by running the new extractor.
    """
    from newsparse import registry
    from newsparse.errors import ExtractorLoadError, ExtractorNotFoundError

    spec = plugin_spec(name, domain)
    try:
        existing = registry.get(spec.name)
    except ExtractorNotFoundError:
        existing = None
    except ExtractorLoadError:
        existing = None  # a broken plugin of that name; the new one may replace it
    if existing is not None:
        raise ScaffoldError(f"an extractor named {spec.name!r} is already installed; choose another name")
    root = Path(dest) / spec.distribution
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ScaffoldError(f"{root} already exists and is not empty")
    values = spec.values()
    try:
        for target, text in _templates():
            path = root / Template(target).substitute(values)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(Template(text).substitute(values), encoding="utf-8", newline="\n")
        (root / "src" / spec.module / "py.typed").write_text("", encoding="utf-8")
        _write_golden(spec, root)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)  # no half-written package left behind
        raise
    return root


def _write_golden(spec: PluginSpec, root: Path) -> None:
    """Run the generated extractor on the sample page and write the page's golden JSON."""
    from newsparse import registry
    from newsparse.errors import NewsparseError
    from newsparse.extractor import Extractor
    from newsparse.golden import GoldenCase, check_golden

    module_name = f"_newsparse_scaffold_{spec.module}"
    location = root / "src" / spec.module / "extractor.py"
    loader_spec = importlib.util.spec_from_file_location(module_name, location)
    if loader_spec is None or loader_spec.loader is None:
        raise ScaffoldError(f"cannot import the generated extractor {location}")
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[module_name] = module  # attrs and dataclass-like tools look modules up
    try:
        loader_spec.loader.exec_module(module)
        extractor: type[Extractor] = getattr(module, spec.class_name)
        registry.register(extractor)
        try:
            sample = root / Template(_SAMPLE).substitute(spec.values())
            case = GoldenCase(
                spec.name, sample.name, sample.with_suffix(".html"), sample.with_suffix(".json")
            )
            try:
                check_golden(case, update=True)
            except (AssertionError, NewsparseError) as exc:
                raise ScaffoldError(f"the generated extractor failed on its sample page: {exc}") from exc
        finally:
            registry.unregister(spec.name)
    finally:
        del sys.modules[module_name]
