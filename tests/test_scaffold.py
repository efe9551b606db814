"""`newsparse new-plugin`: the generated package installs into a fresh virtual environment,
its own tests pass there, `newsparse extractors` lists it and `newsparse parse` routes the
site's URLs to it. Plus the in-process checks of names, domains and refusals."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from newsparse import registry
from newsparse.cli import main
from newsparse.errors import ExtractorNotFoundError
from newsparse.scaffold import ScaffoldError, create_plugin, plugin_spec

NAME = "acme-news"
DOMAIN = "www.acme-news.example"
PACKAGE = "newsparse-acme-news"


# --- in process ----------------------------------------------------------------------------


def test_spec_derives_every_name() -> None:
    spec = plugin_spec("acme-news", "WWW.Acme-News.example")
    assert (spec.distribution, spec.module, spec.class_name) == (
        "newsparse-acme-news",
        "newsparse_acme_news",
        "AcmeNewsExtractor",
    )
    assert (spec.domain, spec.bare_domain) == ("www.acme-news.example", "acme-news.example")
    assert spec.sample_url.startswith("https://www.acme-news.example/news/")
    assert plugin_spec("gazette", "news.example.org").bare_domain == "news.example.org"


@pytest.mark.parametrize(
    ("name", "domain", "message"),
    [
        ("Acme", DOMAIN, "invalid plugin name"),
        ("acme_news", DOMAIN, "invalid plugin name"),
        ("-acme", DOMAIN, "invalid plugin name"),
        (NAME, "https://www.acme-news.example/", "not a URL"),
        (NAME, "localhost", "invalid domain"),
        (NAME, "acme news.example", "invalid domain"),
    ],
)
def test_bad_names_and_domains_are_refused(name: str, domain: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match=message):
        create_plugin(name, domain, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_generated_package_layout_and_golden(tmp_path: Path) -> None:
    root = create_plugin(NAME, DOMAIN, tmp_path)
    assert root == tmp_path / PACKAGE
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == [
        ".gitignore",
        "README.md",
        "fixtures/acme-news/sample-article.html",
        "fixtures/acme-news/sample-article.input.json",
        "fixtures/acme-news/sample-article.json",
        "pyproject.toml",
        "src/newsparse_acme_news/__init__.py",
        "src/newsparse_acme_news/extractor.py",
        "src/newsparse_acme_news/py.typed",
        "tests/test_newsparse_acme_news.py",
    ]
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points."newsparse.extractors"]' in pyproject
    assert '"acme-news" = "newsparse_acme_news.extractor:AcmeNewsExtractor"' in pyproject
    extractor = (root / "src/newsparse_acme_news/extractor.py").read_text(encoding="utf-8")
    assert 'UrlRule("*.acme-news.example")' in extractor  # no --path-pattern: every path
    assert "from newsparse.toolkit import" in extractor and "Layout(" in extractor
    # The golden was produced by running the extractor: it is the reviewed sample output.
    golden = json.loads((root / "fixtures/acme-news/sample-article.json").read_text(encoding="utf-8"))
    assert (golden["extractor"], golden["layout"]) == ("acme-news", "story")
    assert golden["title"] == "Lanterns return to the harbour after five years"
    assert golden["authors"] == ["Mara Quill"]
    assert golden["published"] == "2024-05-01T19:30:00+01:00"
    assert [b["type"] for b in golden["body"]] == [
        "paragraph",
        "paragraph",
        "figure",
        "heading",
        "paragraph",
        "quote",
        "list",
        "related_links",
    ]
    figure = golden["body"][2]
    assert (figure["caption"], figure["credit"]) == (
        "Lanterns drift past the old customs house.",
        "Harbour Trust",
    )
    assert figure["image"]["url"] == "https://www.acme-news.example/images/lanterns-1280.jpg"
    assert "Advertisement" not in json.dumps(golden)
    # Nothing of the generated extractor stays registered in this process.
    with pytest.raises(ExtractorNotFoundError):
        registry.get(NAME)


NESTED = """<!DOCTYPE html>
<html lang="en"><head><title>Nested</title></head><body>
<article class="story"><h1>Wrapped all the way down</h1>
<div class="story-body">
  <div class="row"><div class="col-main">
    <section class="text-block"><div class="rich-text">
      <p>First paragraph, three wrappers deep.</p>
    </div></section>
    <div class="media"><figure>
      <img src="/i/harbour-1024.jpg" alt="Harbour"><figcaption>The harbour.</figcaption>
    </figure></div>
    <div class="text-block">
      <h2>A heading in a wrapper</h2><div><p>Second <b>bold</b> paragraph.</p></div>
    </div>
    <div class="standfirst">Text held by a div directly.</div>
  </div></div>
</div>
</article></body></html>"""


def _load_generated(root: Path, module: str, class_name: str) -> type:
    spec = importlib.util.spec_from_file_location(
        f"_generated_{module}", root / "src" / module / "extractor.py"
    )
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = loaded
    try:
        spec.loader.exec_module(loaded)
    finally:
        del sys.modules[spec.name]
    extractor: type = getattr(loaded, class_name)
    return extractor


def test_generated_extractor_reads_nested_wrappers(tmp_path: Path) -> None:
    import newsparse
    from newsparse.diagnostics import explain

    root = create_plugin(NAME, DOMAIN, tmp_path, path_pattern="/news/")
    newsparse.register(_load_generated(root, "newsparse_acme_news", "AcmeNewsExtractor"))
    try:
        extraction = newsparse.extract(NESTED, url="https://www.acme-news.example/news/2024/06/01/nested")
    finally:
        newsparse.unregister(NAME)
    article = extraction.article
    assert article.extractor == NAME
    assert [(type(b).__name__, getattr(b, "text", None)) for b in article.body] == [
        ("Paragraph", "First paragraph, three wrappers deep."),
        ("Figure", None),
        ("Heading", "A heading in a wrapper"),
        ("Paragraph", "Second bold paragraph."),
        ("Paragraph", "Text held by a div directly."),
    ]
    assert article.body[1].image.url == "https://www.acme-news.example/i/harbour-1024.jpg"  # type: ignore[attr-defined]
    coverage = explain(extraction)["coverage"]
    assert coverage is not None and coverage["coverage"] == 1.0, coverage["lost"]


def test_path_pattern_is_the_url_rule_and_the_sample_matches_it(tmp_path: Path) -> None:
    root = create_plugin(NAME, DOMAIN, tmp_path, path_pattern=r"/\d{4}/\d{2}/")
    extractor = (root / "src/newsparse_acme_news/extractor.py").read_text(encoding="utf-8")
    assert r'UrlRule("*.acme-news.example", r"/\d{4}/\d{2}/")' in extractor
    sidecar = json.loads((root / "fixtures/acme-news/sample-article.input.json").read_text(encoding="utf-8"))
    assert re.match(r"/\d{4}/\d{2}/", sidecar["url"].split("acme-news.example", 1)[1])
    golden = json.loads((root / "fixtures/acme-news/sample-article.json").read_text(encoding="utf-8"))
    assert golden["extractor"] == NAME  # the sample was routed to the plugin by that rule
    assert plugin_spec(NAME, DOMAIN, r"/a/\d+").sample_url == "https://www.acme-news.example/a/68512345"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("news/", "must start with '/'"),
        ("/news/(", "not a valid regular expression"),
        ("/x{9}$", "matches none"),
    ],
)
def test_bad_path_patterns_are_refused(pattern: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        create_plugin(NAME, DOMAIN, tmp_path, path_pattern=pattern)
    assert list(tmp_path.iterdir()) == []


def test_install_docs_say_to_install_newsparse_first(tmp_path: Path) -> None:
    # Until newsparse is on PyPI, `pip install -e ".[test]"` of a plugin fails unless
    # newsparse is installed first; every install instruction must say so, before it.
    readme = (create_plugin(NAME, DOMAIN, tmp_path) / "README.md").read_text(encoding="utf-8")
    example = (ROOT / "examples/newsparse-example-site/README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs/writing-plugins.md").read_text(encoding="utf-8")
    for text, first_install, plugin_install in (
        (readme, "pip install /path/to/newsparse", 'pip install -e ".[test]"\n'),
        (example, "pip install .  ", "pip install ./examples/newsparse-example-site"),
        (example, "pip install ../..", 'pip install -e ".[test]" && pytest'),
        (guide, "pip install /path/to/newsparse", 'pip install -e ".[test]"\n'),
    ):
        assert "not on PyPI" in text
        assert text.index(first_install) < text.index(plugin_install)
    assert "pip install newsparse " not in example


def test_refuses_an_installed_name_and_a_folder_in_the_way(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="already installed"):
        create_plugin("generic", DOMAIN, tmp_path)
    (tmp_path / PACKAGE).mkdir()
    (tmp_path / PACKAGE / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="not empty"):
        create_plugin(NAME, DOMAIN, tmp_path)
    assert [p.name for p in (tmp_path / PACKAGE).iterdir()] == ["keep.txt"]


def test_cli_new_plugin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-plugin", NAME, "--domain", DOMAIN, "--dest", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"created {tmp_path / PACKAGE}" in out and 'pip install -e ".[test]"' in out
    assert main(["new-plugin", NAME, "--domain", DOMAIN, "--dest", str(tmp_path)]) == 2
    assert "already exists and is not empty" in capsys.readouterr().err


# --- in a fresh virtual environment --------------------------------------------------------


def _run(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


class Venv:
    def __init__(self, root: Path) -> None:
        self.root = root
        bin_dir = root / ("Scripts" if sys.platform == "win32" else "bin")
        self.python = bin_dir / "python"
        self.newsparse = bin_dir / "newsparse"

    def pip_install(self, *args: str | Path) -> None:
        # The running pip installs into the new environment (--python), so the venv
        # needs no pip of its own.
        _ok(_run(sys.executable, "-m", "pip", "--python", self.python, "install", "-q", *args))


@pytest.fixture(scope="module")
def plugin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Venv, Path]:
    """A fresh venv with newsparse (built from this checkout) and a freshly generated plugin."""
    work = tmp_path_factory.mktemp("scaffold")
    _ok(_run(sys.executable, "-m", "venv", "--without-pip", work / "venv"))
    venv = Venv(work / "venv")
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    _ok(_run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *isolation, ROOT, "-w", work / "dist"))
    (wheel,) = (work / "dist").glob("newsparse-*.whl")
    with zipfile.ZipFile(wheel) as archive:  # the templates and the schema ship as package data
        names = set(archive.namelist())
    assert "newsparse/templates/plugin/extractor.py.tmpl" in names
    assert "newsparse/article.schema.json" in names
    venv.pip_install(wheel)
    # Generated by the installed newsparse, exactly as a user would.
    _ok(
        _run(
            venv.newsparse, "new-plugin", NAME, "--domain", DOMAIN, "--path-pattern", "/news/", "--dest", work
        )
    )
    package = work / PACKAGE
    venv.pip_install(f"{package}[test]")  # a regular, build-isolated install of the result
    return venv, package


@pytest.mark.slow
def test_generated_tests_pass_in_the_fresh_venv(plugin: tuple[Venv, Path]) -> None:
    venv, package = plugin
    out = _ok(_run(venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=package))
    assert "3 passed" in out


@pytest.mark.slow
def test_extractors_lists_the_plugin(plugin: tuple[Venv, Path]) -> None:
    venv, _ = plugin
    out = _ok(_run(venv.newsparse, "extractors"))
    line = next(line for line in out.splitlines() if NAME in line)
    assert PACKAGE in line or PACKAGE in out


@pytest.mark.slow
def test_parse_routes_the_domain_to_the_plugin(plugin: tuple[Venv, Path], tmp_path: Path) -> None:
    venv, package = plugin
    page = tmp_path / "page.html"
    sample = (package / "fixtures/acme-news/sample-article.html").read_text(encoding="utf-8")
    # Without the sample's canonical link, which would route the page by itself.
    sample = re.sub(r'<link rel="canonical"[^>]*>', "", sample)
    page.write_text(sample.replace("five years after", "half a decade after"), encoding="utf-8")

    def parse(url: str) -> dict[str, object]:
        result: dict[str, object] = json.loads(_ok(_run(venv.newsparse, "parse", page, "--url", url)))
        return result

    story = parse("https://acme-news.example/news/2024/06/02/another-story")
    assert (story["extractor"], story["layout"]) == (NAME, "story")
    assert "half a decade after" in json.dumps(story)
    assert parse("https://www.acme-news.example/about")["extractor"] == "generic"
    assert parse("https://www.other.example/news/1")["extractor"] == "generic"


@pytest.mark.slow
def test_installed_plugin_reads_nested_wrappers(plugin: tuple[Venv, Path], tmp_path: Path) -> None:
    venv, _ = plugin
    page = tmp_path / "nested.html"
    page.write_text(NESTED, encoding="utf-8")
    article = json.loads(
        _ok(_run(venv.newsparse, "parse", page, "--url", "https://www.acme-news.example/news/2024/06/01/n"))
    )
    assert article["extractor"] == NAME
    texts = [block.get("text") for block in article["body"]]
    assert texts == [
        "First paragraph, three wrappers deep.",
        None,
        "A heading in a wrapper",
        "Second bold paragraph.",
        "Text held by a div directly.",
    ]


@pytest.mark.slow
def test_golden_workflow_and_drift_check_in_the_venv(plugin: tuple[Venv, Path], tmp_path: Path) -> None:
    venv, package = plugin
    copy = tmp_path / "plugin"
    shutil.copytree(package, copy)
    page = copy / "fixtures/acme-news/sample-article.html"
    page.write_text(page.read_text(encoding="utf-8").replace("A long pause", "A longer pause"), "utf-8")

    failed = _run(venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "golden", cwd=copy)
    assert failed.returncode == 1
    assert 'body[3].text: expected "A long pause" got "A longer pause"' in failed.stdout
    assert 'pytest --update-goldens -k "acme-news/sample-article"' in failed.stdout

    _ok(_run(venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--update-goldens", cwd=copy))
    _ok(_run(venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=copy))

    out = _ok(_run(venv.newsparse, "check", copy / "fixtures" / NAME))
    assert out.splitlines()[0].split()[:3] == ["OK", "100.0%", "acme-news/story"]
