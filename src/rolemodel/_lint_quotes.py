"""The lint's faithfulness checks (``RM4xx``): every quote a framework file writes is verbatim
in its source article, before the article's end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from rolemodel._codes import Finding, finding
from rolemodel._loader import UnreadableFile, read_bounded
from rolemodel._model import (
    Framework,
)

__all__ = ["MAX_SOURCE_BYTES", "check_quotes"]

MAX_SOURCE_BYTES = 16 * 1024 * 1024
"""The largest source article the quote checks read (a larger one is an RM403 finding)."""


def check_quotes(path: Path, framework: Framework | None, sources: Path) -> list[Finding]:
    """Every ``citation`` written in this file: its quote verbatim in its source, before the end."""
    try:
        root = yaml.compose(read_bounded(path).decode("utf-8"), Loader=yaml.SafeLoader)
    except (UnreadableFile, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    head = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    name = str(path)
    default = _text(head.get("source")) or (framework.source if framework is not None else "")
    end = (
        _text(head.get("source_end"))
        if "source_end" in head
        else (framework.source_end if framework is not None else "")
    )
    main = framework.source if framework is not None else default
    out: list[Finding] = []
    texts: dict[str, str | None] = {}

    def text_of(source: str, node: yaml.Node) -> str | None:
        if source not in texts:
            file = sources / source
            texts[source] = None
            if "/" in source or "\\" in source or source.startswith(".") or not file.is_file():
                out.append(
                    finding(name, *_mark(node), "RM403", f"source {source!r} is not a file in {sources}")
                )
            else:
                try:
                    data = read_bounded(file, MAX_SOURCE_BYTES, "source article")
                except UnreadableFile as exc:
                    out.append(
                        finding(
                            name,
                            *_mark(node),
                            "RM403",
                            f"source {source!r}: expected {exc.expected}, found {exc.found}",
                        )
                    )
                else:
                    texts[source] = data.decode("utf-8", errors="replace")
        return texts[source]

    body = None
    if main:
        at = head.get("source") or head.get("extends") or root
        body = text_of(main, at)
    if body is not None and end:
        cut = body.find(end)
        if cut < 0:
            out.append(
                finding(
                    name,
                    *_mark(head.get("source_end", root)),
                    "RM404",
                    f"source_end {end!r} is not in {main}",
                )
            )
        else:
            texts[main + "#end"] = body[: cut + len(end)]
    for citation in _citations(root):
        quote_node = next((v for k, v in citation.value if getattr(k, "value", None) == "quote"), None)
        source_node = next((v for k, v in citation.value if getattr(k, "value", None) == "source"), None)
        quote = _text(quote_node)
        if quote_node is None or not quote:
            continue
        source = _text(source_node) or main
        full = text_of(source, source_node or quote_node)
        if full is None:
            continue
        scope = (texts.get(source + "#end") or full) if source == main else full
        if quote in scope:
            continue
        short = quote if len(quote) <= 60 else quote[:57] + "..."
        if quote in full:
            out.append(
                finding(
                    name,
                    *_mark(quote_node),
                    "RM402",
                    f"quote {short!r} is after the article's end ({end!r}) in {source}",
                )
            )
        else:
            out.append(
                finding(
                    name,
                    *_mark(quote_node),
                    "RM401",
                    f"quote {short!r} is not verbatim in {source}{_nearest(quote, full)}",
                )
            )
    return out


def _citations(node: yaml.Node) -> Iterator[yaml.MappingNode]:
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if getattr(key, "value", None) == "citation" and isinstance(value, yaml.MappingNode):
                    yield value
                else:
                    stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _text(node: yaml.Node | None) -> str:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        return str(node.value)
    return ""


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _nearest(quote: str, text: str) -> str:
    """A hint: where the quote stops matching its source, when its start matches."""
    size = len(quote)
    while size > 12 and quote[:size] not in text:
        size //= 2
    if size <= 12:
        return ""
    while size < len(quote) and quote[: size + 1] in text:
        size += 1
    return f" (it matches up to {quote[:size][-20:]!r}, then differs: {quote[size : size + 20]!r})"
