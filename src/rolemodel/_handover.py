"""What a report handed to a client says about itself: for whom, by whom, when, and a logo.

:func:`handover` checks the title block of a client report once, for the API and the CLI alike:
the client's name and the author as one line of bounded text, the date as an ISO date (today
when none is given), and the logo as a PNG or JPEG image, recognised by its first bytes (never
its name), at most :data:`MAX_LOGO_BYTES`, inlined as a ``data:`` URI. Anything else, an SVG
above all (it can carry script), is a :class:`~rolemodel.RoleModelError`.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
from pathlib import Path

import attrs

from rolemodel._errors import RoleModelError

__all__ = ["MAX_LOGO_BYTES", "MAX_NAME", "Handover", "handover", "logo_uri"]

#: The largest logo inlined, in bytes (the library's choice: a logo, not a photograph).
MAX_LOGO_BYTES = 512 * 1024
#: The longest client or author name, in characters.
MAX_NAME = 200

_IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@attrs.frozen
class Handover:
    """A checked title block: client, author, date (ISO text) and the logo's ``data:`` URI
    (``""`` where there is none)."""

    client: str = ""
    prepared_by: str = ""
    date: str = ""
    logo: str = ""

    def pairs(self) -> list[tuple[str, str]]:
        """The title block's ``(label, value)`` pairs, those given only."""
        pairs = [("Client", self.client), ("Date", self.date), ("Prepared by", self.prepared_by)]
        return [(label, value) for label, value in pairs if value]


def _name(value: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RoleModelError(f"{field}: expected text, found {type(value).__name__}")
    text = " ".join(value.split())
    if len(text) > MAX_NAME:
        raise RoleModelError(f"{field}: expected at most {MAX_NAME} characters, found {len(text)}")
    return text


def _date(value: object) -> str:
    if value is None:
        return dt.date.today().isoformat()
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ""
        try:
            if _ISO_DATE.match(text):
                return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        raise RoleModelError(f"date: expected an ISO date like 2026-03-31, found {value!r}")
    raise RoleModelError(f"date: expected a date or ISO text, found {type(value).__name__}")


def logo_uri(logo: bytes | str | os.PathLike[str]) -> str:
    """A logo (its bytes, or the path of its file) as a ``data:`` URI, checked: a PNG or a
    JPEG by its first bytes, at most :data:`MAX_LOGO_BYTES`."""
    if isinstance(logo, bytes | bytearray):
        data, name = bytes(logo), "logo"
    elif isinstance(logo, str | os.PathLike):
        path = Path(logo)
        name = str(logo)
        try:
            size = path.stat().st_size
            if size > MAX_LOGO_BYTES:
                raise RoleModelError(
                    f"logo {name}: {size:,} bytes, expected at most {MAX_LOGO_BYTES:,} (a small PNG or JPEG)"
                )
            with path.open("rb") as stream:
                data = stream.read(MAX_LOGO_BYTES + 1)
        except OSError as exc:
            raise RoleModelError(f"logo {name}: cannot read it ({exc.strerror or exc})") from None
    else:
        raise RoleModelError(f"logo: expected bytes or a file path, found {type(logo).__name__}")
    if len(data) > MAX_LOGO_BYTES:
        raise RoleModelError(
            f"{name}: {len(data):,} bytes, expected at most {MAX_LOGO_BYTES:,} (a small PNG or JPEG)"
        )
    for magic, mime in _IMAGE_TYPES:
        if data.startswith(magic):
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    head = data[:200].lstrip().lower()
    found = "an SVG (not inlined: it can carry script)" if b"<svg" in head or b"<?xml" in head else "neither"
    raise RoleModelError(f"{name}: expected a PNG or JPEG image, found {found}")


def handover(
    client: object = None,
    prepared_by: object = None,
    date: object = None,
    logo: bytes | str | os.PathLike[str] | None = None,
) -> Handover:
    """The checked title block of a client report (the date today when ``None``; ``""``
    leaves it out)."""
    return Handover(
        client=_name(client, "client"),
        prepared_by=_name(prepared_by, "prepared_by"),
        date=_date(date),
        logo="" if logo is None else logo_uri(logo),
    )
