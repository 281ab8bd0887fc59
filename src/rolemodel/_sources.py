"""How a report names a source article: its title, author and address, never its file name.

A framework cites its article by file name (``003_8dfee91c3e6ab273.txt``); a client reads the
article's title and author. ``frameworks/meta/sources.yaml`` (data, read here with safe YAML)
holds them for the five built-in articles, each title and author backed by a short verbatim
quote of the article, and says where a title is the library's because the article has none.
:func:`source_of` answers for any file: from that table, or else from the citing framework's
own ``title`` and ``author`` (a framework of your own), so every report names every source.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from rolemodel._errors import RoleModelError

__all__ = ["LIBRARY_TITLE", "Source", "load_sources", "source_of"]

#: How a report marks a title that is the library's, not the article's.
LIBRARY_TITLE = "the library's title; the article has none"

_FORMAT = "rolemodel/sources"
_MAX_BYTES = 256 * 1024
_URL = re.compile(r"^https://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+$")
_FIELDS = frozenset(
    {
        "file",
        "title",
        "title_basis",
        "title_note",
        "title_quote",
        "author",
        "author_note",
        "author_quote",
        "publisher",
        "url",
    }
)


@attrs.frozen
class Source:
    """A source article as a reader names it.

    ``author`` is ``""`` where the text names none; ``url`` is ``""`` where the source has no
    address (an ``https`` address otherwise); ``library_title`` is true where the article has
    no title and ``title`` is the library's.
    """

    file: str
    title: str
    author: str = ""
    url: str = ""
    publisher: str = ""
    library_title: bool = False
    title_note: str = ""
    author_note: str = ""
    title_quote: str = ""
    author_quote: str = ""

    @property
    def shown_title(self) -> str:
        """The title, marked when it is the library's."""
        return f"{self.title} ({LIBRARY_TITLE})" if self.library_title else self.title

    @property
    def byline(self) -> str:
        """``Author, Title`` (the title alone where no author is named)."""
        return f"{self.author}, {self.shown_title}" if self.author else self.shown_title


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RoleModelError(f"{where}.{key}: expected text, found {type(value).__name__}")
    return " ".join(value.split())


def _source(entry: object, where: str) -> Source:
    if not isinstance(entry, Mapping):
        raise RoleModelError(f"{where}: expected a mapping, found {type(entry).__name__}")
    unknown = sorted(str(k) for k in entry if k not in _FIELDS)
    if unknown:
        raise RoleModelError(f"{where}: unknown field(s) {', '.join(unknown)}")
    file, title = _text(entry, "file", where), _text(entry, "title", where)
    if not file or not title:
        raise RoleModelError(f"{where}: expected a file and a title")
    basis = _text(entry, "title_basis", where) or "article"
    if basis not in ("article", "library"):
        raise RoleModelError(f"{where}.title_basis: expected article or library, found {basis!r}")
    url = _text(entry, "url", where)
    if url and not _URL.match(url):
        raise RoleModelError(f"{where}.url: expected an https:// address, found {url!r}")
    return Source(
        file=file,
        title=title,
        author=_text(entry, "author", where),
        url=url,
        publisher=_text(entry, "publisher", where),
        library_title=basis == "library",
        title_note=_text(entry, "title_note", where),
        author_note=_text(entry, "author_note", where),
        title_quote=_text(entry, "title_quote", where),
        author_quote=_text(entry, "author_quote", where),
    )


def load_sources(path: Path) -> dict[str, Source]:
    """The sources table at ``path``, by file name; a :class:`RoleModelError` names any problem."""
    import yaml

    from rolemodel._yamlread import SafeLoader

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RoleModelError(f"{path}: cannot read the sources table ({exc.strerror})") from None
    if len(raw) > _MAX_BYTES:
        raise RoleModelError(f"{path}: the sources table is over {_MAX_BYTES} bytes")
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=SafeLoader)  # a safe loader
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RoleModelError(f"{path}: not a readable YAML sources table ({exc})") from None
    if not isinstance(data, Mapping) or data.get("format") != _FORMAT or data.get("version") != 1:
        raise RoleModelError(f"{path}: expected format {_FORMAT} version 1")
    entries = data.get("sources")
    if not isinstance(entries, list):
        raise RoleModelError(f"{path}: sources: expected a list")
    table: dict[str, Source] = {}
    for i, entry in enumerate(entries):
        source = _source(entry, f"{path.name}: sources[{i}]")
        if source.file in table:
            raise RoleModelError(f"{path.name}: sources[{i}]: {source.file} is listed twice")
        table[source.file] = source
    return table


@functools.cache
def _builtin() -> Mapping[str, Source]:
    from rolemodel._loader import builtin_framework_dir

    return load_sources(builtin_framework_dir() / "meta" / "sources.yaml")


def source_of(file: str, title: str = "", author: str = "") -> Source:
    """How a report names the source ``file``: the built-in table's entry, or else one made of
    the citing framework's ``title`` and ``author`` (``"not named"`` counts as none)."""
    known = _builtin().get(file)
    if known is not None:
        return known
    named = "" if author.strip().lower() in ("", "not named") else author
    return Source(file=file, title=title or "an unnamed source", author=named)
