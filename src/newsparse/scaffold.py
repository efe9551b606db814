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
    #: The URL rule's path regular expression ("" = every path of the site).
    path_pattern: str = ""

    @property
    def url_rule(self) -> str:
        """The ``UrlRule(...)`` expression written into the extractor."""
        host = f'"*.{self.bare_domain}"'
        if not self.path_pattern:
            return f"UrlRule({host})"
        return f"UrlRule({host}, {_python_regex(self.path_pattern)})"

    def values(self) -> dict[str, str]:
        values = attrs.asdict(self)
        values["newsparse_version"] = __version__
        values["url_rule"] = self.url_rule
        values["url_rule_comment"] = (
            f"Article pages are those whose path matches {self.path_pattern!r}; other pages "
            "of the site\n    #: are left to the generic extractor."
            if self.path_pattern
            else "Every page of the site. Narrow it to the article paths (a path regular "
            'expression,\n    #: e.g. r"/news/") so section fronts go to the generic extractor.'
        )
        return values


def _python_regex(pattern: str) -> str:
    """``pattern`` as a Python string literal: a raw string when one can hold it."""
    if '"' not in pattern and not pattern.endswith("\\") and "\n" not in pattern:
        return f'r"{pattern}"'
    return repr(pattern)


#: Article paths tried for the sample page's URL, which must match the path pattern.
_SAMPLE_PATHS = (
    "news/2024/05/01/harbour-lanterns-return",
    "2024/05/01/harbour-lanterns-return",
    "article/2024/05/01/harbour-lanterns-return",
    "articles/2024/05/01/harbour-lanterns-return",
    "story/2024/05/01/harbour-lanterns-return",
    "stories/2024/05/01/harbour-lanterns-return",
    "news/harbour-lanterns-return-68512345",
    "world-68512345",
    "article/68512345",
    "a/68512345",
    "68512345",
    "harbour-lanterns-return-68512345",
    "harbour-lanterns-return",
)
_REGEX_SPECIAL = re.compile(r"[.^$*+?{}\[\]\\|()]")


def _sample_path(pattern: str) -> str | None:
    """An article path the pattern matches, for the sample page (None: none found)."""
    compiled = re.compile(pattern)
    # The pattern's literal start (/zhongwen/simp/ of r"/zhongwen/simp/\w+") comes first.
    literal = _REGEX_SPECIAL.split(pattern.removeprefix("^"), maxsplit=1)[0]
    prefixes = ["/", literal if literal.endswith("/") else literal.rsplit("/", 1)[0] + "/"]
    for prefix in dict.fromkeys(prefixes):
        for tail in _SAMPLE_PATHS:
            path = prefix + tail
            if compiled.match(path):
                return path
    return None


def plugin_spec(name: str, domain: str, path_pattern: str = "") -> PluginSpec:
    """Validate ``name``, ``domain`` and ``path_pattern`` and derive the package's names.

    ``name`` is the extractor name: lower-case words joined by dashes (``acme-news``).
    ``domain`` is the site's host (``www.acme-news.example``); a leading ``www.`` is
    dropped from the URL rule so the bare domain and every subdomain are covered.
    ``path_pattern`` is the regular expression of the site's article paths, matched at the
    start of the URL path (``r"/news/"``); empty: every path. The sample page gets a URL
    the pattern matches.
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
    sample_path = "/news/2024/05/01/harbour-lanterns-return"
    if path_pattern:
        if not path_pattern.removeprefix("^").startswith("/"):
            raise ScaffoldError(
                f"--path-pattern {path_pattern!r} must start with '/': it is matched at the start of "
                "the URL path (e.g. /news/)"
            )
        try:
            found = _sample_path(path_pattern)
        except re.error as exc:
            raise ScaffoldError(
                f"--path-pattern {path_pattern!r} is not a valid regular expression: {exc}"
            ) from None
        if found is None:
            raise ScaffoldError(
                f"--path-pattern {path_pattern!r} matches none of the sample article paths "
                f"(e.g. /{_SAMPLE_PATHS[0]}, /{_SAMPLE_PATHS[-3]}); the sample page needs a URL it "
                "matches. Give a pattern for the path's start (e.g. /news/), or leave it out and "
                "edit url_rules in the generated extractor"
            )
        sample_path = found
    return PluginSpec(
        name=name,
        domain=host,
        bare_domain=bare,
        distribution=f"newsparse-{name}",
        module=module,
        class_name="".join(word.capitalize() for word in words) + "Extractor",
        sample_url=f"https://{host}{sample_path}",
        site_title=" ".join(word.capitalize() for word in words),
        path_pattern=path_pattern,
    )


def _templates() -> Iterator[tuple[str, str]]:
    folder = resources.files("newsparse").joinpath("templates").joinpath("plugin")
    for template, target in _FILES.items():
        yield target, folder.joinpath(template).read_text(encoding="utf-8")


def create_plugin(name: str, domain: str, dest: str | Path = ".", *, path_pattern: str = "") -> Path:
    """Write the plugin package for ``name``/``domain`` into ``dest/newsparse-<name>/``.

    ``path_pattern`` is the URL rule's path regular expression (default: every path of
    the site; see :func:`plugin_spec`). Returns the package folder. Raises
    :class:`ScaffoldError` when the name, domain or pattern is invalid, an installed
    extractor already has the name, or the folder exists and is not
    empty. The sample page's golden JSON is produced by running the new extractor.
    """
    from newsparse import registry
    from newsparse.errors import ExtractorLoadError, ExtractorNotFoundError

    spec = plugin_spec(name, domain, path_pattern)
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
