"""The documentation's code runs, its printed output is what the pages show, and every
built-in framework gets a generated page.

Conventions for ```python blocks in ``docs/**/*.md`` and ``README.md``:

- each page's blocks run in order, in one namespace, in a fresh temporary directory;
- a ```python block directly followed by a ```text title="Output" block must print exactly
  that text (trailing spaces aside);
- a line ``<!-- no-test -->`` just before a fence skips the block (shell commands, sketches);
- a line ``<!-- recipe: NAME -->`` marks a recipe that tests/test_batch.py runs on its own data.

After a deliberate change of output, rewrite the Output blocks with
``python tests/test_docs.py --update`` and review the diff.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import rolemodel

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NO_TEST = "<!-- no-test -->"
RECIPE = "<!-- recipe:"  # recipes run in tests/test_batch.py, on data they are given there
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,})(?P<info>[^`]*)$")


@attrs.frozen
class Block:
    """One fenced ```python block of a page, with the output the page shows for it."""

    path: Path
    line: int
    code: str
    output: str | None
    output_span: tuple[int, int] | None  # line indices of the Output block's body


def _fences(lines: list[str]) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, info, body) of every top-level or indented fenced block."""
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, ticks = match["indent"], match["ticks"]
        end = i + 1
        while end < len(lines) and lines[end].strip() != ticks:
            end += 1
        body = "\n".join(line.removeprefix(indent) for line in lines[i + 1 : end])
        yield i, end, match["info"].strip(), body
        i = end + 1


def blocks(path: Path) -> list[Block]:
    """The runnable ```python blocks of a Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    fences = list(_fences(lines))
    out = []
    for k, (start, end, info, body) in enumerate(fences):
        if info.split(" ", 1)[0] != "python":
            continue
        before = next((ln.strip() for ln in reversed(lines[:start]) if ln.strip()), "")
        if before == NO_TEST or before.startswith(RECIPE):
            continue
        output, span = None, None
        if k + 1 < len(fences):
            nstart, nend, ninfo, nbody = fences[k + 1]
            between = lines[end + 1 : nstart]
            if (
                ninfo.startswith("text")
                and 'title="Output"' in ninfo
                and not any(ln.strip() for ln in between)
            ):
                output, span = nbody, (nstart + 1, nend)
        out.append(Block(path, start + 1, body, output, span))
    return out


def pages() -> list[Path]:
    """Every hand-written page with Python in it, README included."""
    found = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
    return [p for p in found if p.is_file() and blocks(p)]


def run_page(path: Path, where: Path) -> list[tuple[Block, str]]:
    """Run a page's blocks in one namespace in ``where``; each block with what it printed."""
    namespace: dict[str, Any] = {"__name__": f"docs:{path.name}"}
    results = []
    # Pages speak from the repository's root, tutorials from the reader's own folder: give both
    # the sample files.
    shutil.copytree(DOCS / "examples", where / "docs" / "examples", dirs_exist_ok=True)
    shutil.copytree(DOCS / "examples", where, dirs_exist_ok=True)
    with contextlib.chdir(where):
        for block in blocks(path):
            buffer = io.StringIO()
            code = compile(block.code, f"{path.relative_to(ROOT)}:{block.line}", "exec")
            with contextlib.redirect_stdout(buffer):
                exec(code, namespace)
            results.append((block, buffer.getvalue()))
    return results


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


@pytest.mark.parametrize("path", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run_and_print_what_the_page_shows(path: Path, tmp_path: Path) -> None:
    """Every ```python block of the page runs, and prints its Output block exactly."""
    for block, printed in run_page(path, tmp_path):
        if block.output is not None:
            where = f"{path.relative_to(ROOT)}:{block.line}"
            assert _clean(printed) == _clean(block.output), f"output differs at {where}"


def test_the_docs_have_examples_to_test() -> None:
    """The collector finds the tutorials' and how-tos' code (it is not silently empty)."""
    found = {p.relative_to(DOCS).parts[0] for p in pages() if p.is_relative_to(DOCS)}
    assert {"tutorials", "how-to", "explanation"} <= found


def test_no_test_marker_skips_a_block(tmp_path: Path) -> None:
    """A block after <!-- no-test --> is skipped; an Output block pairs with its code."""
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- no-test -->\n```python\nraise SystemExit\n```\n\n"
        '```python\nprint("hi")\n```\n\n```text title="Output"\nhi\n```\n',
        encoding="utf-8",
    )
    [block] = blocks(page)
    assert block.code == 'print("hi")' and block.output == "hi"


# -- the generated framework pages ------------------------------------------------------------


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hook", DOCS / "_hooks" / "frameworks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_builtin_framework_gets_a_page() -> None:
    """The generator makes one page per built-in framework, the index linking them all, and the
    scenario check."""
    hook = _hook()
    generated = hook.pages()
    frameworks = rolemodel.builtin_frameworks()
    assert set(generated) == {"frameworks/index.md", hook.SCENARIO_PAGE} | {
        f"frameworks/{f.id}.md" for f in frameworks
    }
    for framework in frameworks:
        assert f"]({framework.id}.md)" in generated["frameworks/index.md"]


@pytest.mark.parametrize("framework", rolemodel.builtin_frameworks(), ids=lambda f: f.id)
def test_framework_page_shows_every_rule_item_and_citation(framework: rolemodel.Framework) -> None:
    """A framework's page names each rule, concept and role, and quotes every citation."""
    page = _hook().framework_page(framework)
    for rule in framework.rules:
        assert f"### `{rule.id}`" in page
        assert rule.when.describe() in page
    for concept in framework.concepts:
        assert f"`{concept.id}`" in page
    for spec in framework.roles:
        assert f"- **`{spec.role.value}`** (baseline" in page
    quotes = [x.citation for x in (*framework.roles, *framework.concepts, *framework.rules)]
    quotes += [i.citation for i in framework.items]
    for citation in quotes:
        assert _unescape(citation.quote) in _unescape(page)
    assert page.count("\n```mermaid\n") == 1


@pytest.mark.parametrize("framework", rolemodel.builtin_frameworks(), ids=lambda f: f.id)
def test_mermaid_graph_has_every_node_and_edge(framework: rolemodel.Framework) -> None:
    """The Mermaid diagram draws each node and each edge of the framework's rule graph."""
    chart = _hook().mermaid(framework)
    graph = framework.graph
    assert sum(line.strip().startswith("class ") for line in chart.splitlines()) == len(graph)
    assert chart.count("-->|") == graph.number_of_edges()


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", " ".join(text.split())).replace("&amp;", "&")


def test_api_reference_documents_every_public_name() -> None:
    """docs/reference pages render every name in rolemodel.__all__ (FACTORS, LEVELS in prose)."""
    text = "".join(p.read_text(encoding="utf-8") for p in (DOCS / "reference").glob("*.md"))
    rendered = set(re.findall(r"^::: rolemodel\.(\w+)$", text, flags=re.MULTILINE))
    prose = {n for n in rolemodel.__all__ if f"`rolemodel.{n}`" in text}
    assert set(rolemodel.__all__) - rendered - prose == set()


# -- the claims of docs/explanation -----------------------------------------------------------

_QUOTE = re.compile(r"\u201c([^\u201c\u201d]+)\u201d")


@pytest.mark.parametrize(
    "page", ["explanation/articles.md", "explanation/method.md", "explanation/calibration.md"]
)
def test_quotes_on_explanation_pages_are_verbatim(page: str, sources: Path) -> None:
    """Every “curly-quoted” passage on the page is an exact excerpt of a source article."""
    texts = [p.read_text(encoding="utf-8") for p in sources.glob("*.txt")]
    quoted = _QUOTE.findall((DOCS / page).read_text(encoding="utf-8"))
    assert quoted
    missing = [q for q in quoted if not any(q in t for t in texts)]
    assert missing == []


# -- rewriting the Output blocks ----------------------------------------------------------------


def update(paths: list[Path]) -> int:
    """Rewrite every Output block from what its code prints now; returns pages changed."""
    import tempfile

    changed = 0
    for path in paths:
        with tempfile.TemporaryDirectory() as where:
            results = run_page(path, Path(where))
        lines = path.read_text(encoding="utf-8").splitlines()
        for block, printed in reversed(results):
            if block.output_span is None:
                continue
            start, end = block.output_span
            indent = re.match(r"[ \t]*", lines[start - 1]).group()  # type: ignore[union-attr]
            lines[start:end] = [indent + ln if ln else ln for ln in _clean(printed).splitlines()]
        new = "\n".join(lines) + "\n"
        if new != path.read_text(encoding="utf-8"):
            path.write_text(new, encoding="utf-8")
            changed += 1
            print(f"updated {path.relative_to(ROOT)}")
    return changed


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        raise SystemExit("usage: python tests/test_docs.py --update")
    update(pages())
