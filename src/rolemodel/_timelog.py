"""Time logs, rosters and roster histories read from client files (CSV, TSV, JSON Lines, .xlsx)
through the one reader, :mod:`rolemodel._clientfile`: the same formats, column mapping
(``--map``), ``--id-column``, bounds and row errors as every other command.

Each kind of file has its vocabulary of columns (:data:`LOG_COLUMNS`, :data:`ROSTER_COLUMNS`,
:data:`HISTORY_COLUMNS`); :func:`read_rows` hands back ``(line, values, error)`` triples.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from rolemodel._calendar import LogSource
from rolemodel._errors import RoleModelError

__all__ = ["HISTORY_COLUMNS", "LOG_COLUMNS", "ROSTER_COLUMNS", "column_names", "read_log", "read_rows"]

#: A time log: ``start``, ``end`` or ``minutes``, ``title``, optional ``category`` and ``manager``.
LOG_COLUMNS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("start", ("from", "begin", "start time", "start_time", "starts", "started"), True),
    ("end", ("to", "finish", "end time", "end_time", "ends", "ended", "until"), False),
    ("minutes", ("duration", "duration_minutes", "mins", "length"), False),
    ("title", ("summary", "subject", "event", "activity", "description", "what"), False),
    ("category", ("bucket", "type", "kind", "tag", "categories"), False),
    ("manager", ("person", "owner", "who", "name", "manager_name"), False),
)
#: A roster for the split 1:1s.
ROSTER_COLUMNS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("manager", ("manager_name", "lead", "supervisor"), True),
    ("rep", ("rep_name", "name", "seller", "report", "employee"), True),
    ("email", ("rep_email", "e-mail", "mail"), False),
    ("manager_email", ("manager e-mail", "manager_mail", "lead_email"), False),
    ("timezone", ("time zone", "tz", "zone"), False),
    ("slot", ("review_slot", "pipeline_slot", "preferred_slot", "review"), False),
    ("development_slot", ("development", "dev_slot", "coaching_slot", "session_slot"), False),
)
#: A roster history for the leadership MBOs.
HISTORY_COLUMNS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("rep", ("rep_name", "name", "seller", "employee"), True),
    ("manager", ("manager_name", "lead", "supervisor"), True),
    ("start", ("from", "begin", "start_date", "since"), True),
    ("end", ("to", "until", "end_date", "left"), False),
    ("level", ("role", "title", "grade", "position"), False),
    ("skill", ("skill_score", "skills", "score", "assessment"), False),
)


def _fold(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def column_names(columns: tuple[tuple[str, tuple[str, ...], bool], ...]) -> Callable[[str], str]:
    """For rows given in code: a key's column name (by name or synonym, any case, spaces and
    punctuation ignored), or the key as written when it names none."""
    known = {_fold(alias): name for name, synonyms, _ in columns for alias in (name, *synonyms)}

    def name_of(key: str) -> str:
        return known.get(_fold(key), key.strip().lower())

    return name_of


def read_rows(
    path: str | os.PathLike[str],
    columns: tuple[tuple[str, tuple[str, ...], bool], ...],
    options: Any = None,
    id_name: str = "",
) -> tuple[list[tuple[int, dict[str, Any] | None, str | None]], list[str]]:
    """The rows of a client file as ``(line, values, error)``, and the reader's warnings.

    ``id_name`` is the column ``--id-column`` stands for (by default the first column).
    A file that cannot be read at all is a :class:`~rolemodel.RoleModelError` (from the API)
    naming it."""
    from rolemodel._cli import UsageError
    from rolemodel._clientfile import Column, ReadOptions, open_client_file

    vocabulary = [Column(name, synonyms=syn, required=req) for name, syn, req in columns]
    key = id_name or columns[0][0]
    try:
        with open_client_file(
            os.fspath(path), vocabulary, options or ReadOptions(), id_default=(key,)
        ) as table:
            rows: list[tuple[int, dict[str, Any] | None, str | None]] = []
            for row in table.rows():
                values = None if row.error else dict(row.values)
                if values is not None and row.id is not None and values.get(key) is None:
                    values[key] = row.id  # --id-column names this column
                rows.append((row.line, values, row.error))
            return rows, list(table.warnings)
    except UsageError as exc:
        raise RoleModelError(str(exc)) from None
    except OSError as exc:
        raise RoleModelError(f"{path}: {exc.strerror or exc}") from None


def read_log(path: str | os.PathLike[str], tz: dt.tzinfo, options: Any = None) -> LogSource:
    """A time log file as a source of time blocks."""
    rows, warnings = read_rows(path, LOG_COLUMNS, options, "manager")
    source = LogSource(rows, tz, os.fspath(path))
    source.warnings = warnings
    return source
