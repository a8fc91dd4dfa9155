"""The committed widget build: present, within its size budgets, and free of eval in the loader."""
import gzip
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parent.parent / "widget_static"
DIST = STATIC / "dist"
LOADER_BUDGET = 3 * 1024  # gzipped bytes a host page pays before any intent
PANEL_BUDGET = 60 * 1024  # gzipped panel JS + CSS, socket.io-client and preact included


def gzipped(name):
    """Return the size of dist/`name` gzipped at the best level (as the build measures it)."""
    return len(gzip.compress((DIST / name).read_bytes(), compresslevel=9, mtime=0))


@pytest.mark.parametrize("name", ["widget.js", "panel.js", "panel.css"])
def test_the_built_files_are_committed(name):
    assert (DIST / name).is_file(), f"widget_static/dist/{name} is missing: run npm run build"
    assert (DIST / name).stat().st_size > 0


def test_the_loader_is_within_3_kb_gzipped():
    assert gzipped("widget.js") <= LOADER_BUDGET


def test_the_panel_js_and_css_are_within_60_kb_gzipped():
    assert gzipped("panel.js") + gzipped("panel.css") <= PANEL_BUDGET


def test_the_build_enforces_the_same_budgets():
    build = (STATIC / "build.mjs").read_text()
    assert "const LOADER_BUDGET = 3 * 1024;" in build
    assert "const PANEL_BUDGET = 60 * 1024;" in build
    assert "process.exit(1)" in build


@pytest.mark.parametrize("path", ["dist/widget.js", *[
    str(p.relative_to(STATIC)) for p in sorted((STATIC / "src" / "loader").glob("*.js"))]])
def test_the_loader_runs_no_strings_as_code(path):
    source = (STATIC / path).read_text()
    for forbidden in (r"\beval\s*\(", r"new\s+Function\b", r"\bFunction\s*\(", r"innerHTML",
                      r"outerHTML", r"insertAdjacentHTML", r"document\.write",
                      r"setTimeout\(\s*[\"'`]", r"setAttribute\(\s*[\"']on",
                      r"setAttribute\(\s*[\"']style"):
        assert not re.search(forbidden, source), f"{path} uses {forbidden}"


def test_the_loader_is_one_self_contained_script():
    source = (DIST / "widget.js").read_text()
    # An IIFE without imports: host pages load it with a plain script tag.
    assert source.startswith("(()=>{") and source.rstrip().endswith("})();")
    assert not re.search(r"\bimport\s*\(|\brequire\(", source)
