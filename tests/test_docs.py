"""The README and docs/*.md point only at files that are in the repository, and their tables render."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# What a clone holds at its top level (not what a machine has made there: .venv, instance/, …).
IGNORED = {".git", ".venv", "instance", "eventapp.egg-info", ".pytest_cache", ".ruff_cache", "test-artifacts"}
TOP_LEVEL = {p.name for p in ROOT.iterdir()} - IGNORED
PLACEHOLDER = re.compile(r"[<>*…{}$]")


def _prose(doc: Path) -> str:
    """The document without its fenced code blocks (diagrams and shell sessions, not references)."""
    return re.sub(r"^```.*?^```", "", doc.read_text(encoding="utf-8"), flags=re.M | re.S)


def _references(doc: Path) -> list[str]:
    """Markdown link targets and `code` spans that name a repository file or folder."""
    text = _prose(doc)
    found = [t for t in re.findall(r"\]\(([^)\s]+)\)", text) if not re.match(r"[a-z]+:|#", t)]
    for span in re.findall(r"`([^`\s]+)`", text):
        path = span.split("::")[0]
        if PLACEHOLDER.search(path):
            continue
        if path.startswith(("../", "/work/", "/home/", "~")) or path.split("/")[0] in TOP_LEVEL:
            found.append(path)
    return found


def _resolves(doc: Path, target: str) -> bool:
    path = target.split("#")[0].rstrip("/")
    for base in (doc.parent, ROOT):
        resolved = (base / path).resolve()
        if resolved.is_relative_to(ROOT) and resolved.exists():
            return True
    return False


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_file_a_doc_points_at_is_in_the_repository(doc):
    missing = [target for target in _references(doc) if not _resolves(doc, target)]
    assert missing == [], f"{doc.name} points at files outside the repository or not in it: {missing}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: str(d.relative_to(ROOT)))
def test_no_table_is_cut_in_two_by_a_blank_line(doc):
    lines = _prose(doc).splitlines()
    cut = [n for n in range(2, len(lines))
           if lines[n].startswith("|") and not lines[n - 1].strip() and lines[n - 2].startswith("|")
           and not re.match(r"\|[-:| ]+\|$", lines[n + 1] if n + 1 < len(lines) else "")]
    assert cut == [], f"{doc.name}: a blank line splits a table before these rows: {[lines[n] for n in cut]}"


def test_the_check_catches_a_reference_outside_and_a_missing_file(tmp_path):
    doc = ROOT / "docs" / "architecture.md"
    assert not _resolves(doc, "../shared/STYLE.md")
    assert not _resolves(doc, "eventapp/no_such_module.py")
    assert _resolves(doc, "eventapp/manage/") and _resolves(doc, "deploy.md")
