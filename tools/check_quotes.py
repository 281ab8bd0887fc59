"""Check that every `quote:` in the given framework files is verbatim in its source.

Usage: python tools/check_quotes.py frameworks/*.yaml   (sources from ../shared/sources)
A stop-gap for authors until `rolemodel lint --sources` exists.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "sources"


def walk(node: Any, default_source: str, out: list[tuple[str, str]]) -> None:
    if isinstance(node, dict):
        if "quote" in node:
            out.append((node.get("source", default_source), node["quote"]))
        for value in node.values():
            walk(value, default_source, out)
    elif isinstance(node, list):
        for value in node:
            walk(value, default_source, out)


def main(paths: list[str]) -> int:
    bad = 0
    for path in paths:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        text = (SOURCES / doc["source"]).read_text(encoding="utf-8")
        end = doc.get("source_end")
        if end:
            text = text[: text.index(end) + len(end)]
        quotes: list[tuple[str, str]] = []
        walk(doc, doc["source"], quotes)
        for source, quote in quotes:
            body = text if source == doc["source"] else (SOURCES / source).read_text("utf-8")
            if quote not in body or "\n" in quote or len(quote) > 300:
                bad += 1
                print(f"{path}: not verbatim (or too long) in {source}: {quote!r}")
        print(f"{path}: {len(quotes)} quotes checked")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
