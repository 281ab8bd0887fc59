"""The title block of a report handed to a client: client, date, author, and a logo that is a
PNG or JPEG, checked by its bytes, or nothing at all."""

from __future__ import annotations

import base64
import datetime as dt
import html
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rolemodel
from rolemodel._handover import MAX_LOGO_BYTES, handover, logo_uri
from tests.hostile import IMG, SCRIPT

LEADERSHIP = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}


def png(width: int = 4, height: int = 2) -> bytes:
    """A real (tiny, red) PNG image."""
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@pytest.fixture(scope="module")
def rec() -> rolemodel.Recommendation:
    """The README's company."""
    return rolemodel.recommend(LEADERSHIP)


def test_title_block_names_client_date_and_author(rec: rolemodel.Recommendation) -> None:
    """Both formats show the client (in the title too), the date and the author."""
    given_ = {"client": "Müller & Söhne KG", "prepared_by": "Jane Doe", "date": "2026-03-31"}
    text = rolemodel.client_report(rec, **given_)
    assert text.startswith("# Sales role recommendation for Müller &amp; Söhne KG: Leadership")
    assert (
        "**Client:** Müller &amp; Söhne KG \u00b7 **Date:** 2026-03-31 \u00b7 **Prepared by:** Jane Doe"
        in text
    )
    page = rolemodel.client_report(rec, "html", **given_)
    assert "<title>Sales role recommendation for Müller &amp; Söhne KG: Leadership" in page
    assert '<span class="meta-item"><strong>Prepared by:</strong> Jane Doe</span>' in page
    assert '<span class="meta-item"><strong>Date:</strong> 2026-03-31</span>' in page


def test_date_defaults_to_today_and_can_be_left_out(rec: rolemodel.Recommendation) -> None:
    """No date is today's (ISO); a date object is written ISO; "" leaves the date out."""
    before = dt.date.today().isoformat()
    text = rolemodel.client_report(rec)
    after = dt.date.today().isoformat()  # the same day, but for a report written at midnight
    assert f"**Date:** {before}" in text or f"**Date:** {after}" in text
    assert "**Date:** 2025-01-02" in rolemodel.client_report(rec, date=dt.date(2025, 1, 2))
    assert "**Date:**" not in rolemodel.client_report(rec, date="")


@pytest.mark.parametrize("bad", ["2026-02-30", "31/03/2026", "tomorrow", "2026-3-1", 20260331])
def test_bad_dates_are_refused(rec: rolemodel.Recommendation, bad: object) -> None:
    """A date that is not a real ISO date is a RoleModelError naming the field."""
    with pytest.raises(rolemodel.RoleModelError, match=r"^date: expected"):
        rolemodel.client_report(rec, date=bad)


def test_long_or_odd_names_are_refused(rec: rolemodel.Recommendation) -> None:
    """A client or author name must be text of at most 200 characters."""
    with pytest.raises(rolemodel.RoleModelError, match="client: expected at most 200 characters"):
        rolemodel.client_report(rec, client="x" * 201)
    with pytest.raises(rolemodel.RoleModelError, match="prepared_by: expected text, found int"):
        rolemodel.client_report(rec, prepared_by=7)  # type: ignore[arg-type]


def test_hostile_names_are_escaped(rec: rolemodel.Recommendation) -> None:
    """Markup in the client's or author's name is shown as text in both formats."""
    page = rolemodel.client_report(rec, "html", client=SCRIPT, prepared_by=IMG)
    text = rolemodel.client_report(rec, client=SCRIPT, prepared_by=IMG)
    for out in (page, text):
        assert "<script" not in out and "<img" not in out
    assert html.escape(SCRIPT, quote=True) in page and html.escape(IMG, quote=True) in page


@pytest.mark.parametrize(("image", "mime"), [(png(), "image/png"), (JPEG, "image/jpeg")])
def test_png_and_jpeg_logos_are_inlined(
    rec: rolemodel.Recommendation, tmp_path: Path, image: bytes, mime: str
) -> None:
    """A PNG or JPEG logo (bytes or a file) is inlined in the HTML as a data URI; Markdown leaves it out."""
    uri = f"data:{mime};base64,{base64.b64encode(image).decode()}"
    path = tmp_path / "logo.bin"  # the bytes decide, not the name
    path.write_bytes(image)
    for logo in (image, path, str(path)):
        page = rolemodel.client_report(rec, "html", client="Acme", logo=logo)
        assert f'<img class="logo" alt="logo of Acme" src="{uri}">' in page
    assert "data:" not in rolemodel.client_report(rec, logo=image)


@pytest.mark.parametrize(
    ("image", "problem"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "found an SVG"),
        (b'<?xml version="1.0"?><svg/>', "found an SVG"),
        (b"GIF89a\x01\x00\x01\x00", "expected a PNG or JPEG image, found neither"),
        (b"", "found neither"),
        (png() + b"\x00" * MAX_LOGO_BYTES, "expected at most"),
    ],
)
def test_other_logos_are_refused(
    rec: rolemodel.Recommendation, tmp_path: Path, image: bytes, problem: str
) -> None:
    """An SVG, a GIF, nothing, or a logo over 512 KiB is a RoleModelError, as bytes or as a file."""
    path = tmp_path / "logo.png"
    path.write_bytes(image)
    for logo in (image, path):
        with pytest.raises(rolemodel.RoleModelError, match=problem):
            rolemodel.client_report(rec, "html", logo=logo)


def test_a_missing_logo_file_is_refused(tmp_path: Path) -> None:
    """A logo path that cannot be read is a RoleModelError naming it."""
    with pytest.raises(rolemodel.RoleModelError, match="cannot read it"):
        logo_uri(tmp_path / "nope.png")
    with pytest.raises(rolemodel.RoleModelError, match="expected bytes or a file path"):
        logo_uri(3.5)  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=64))
def test_only_png_or_jpeg_bytes_pass(data: bytes) -> None:
    """Any bytes either become a PNG or JPEG data URI, or are refused: never anything else."""
    try:
        uri = handover(logo=data).logo
    except rolemodel.RoleModelError:
        assert not data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"))
    else:
        assert uri.startswith(("data:image/png;base64,", "data:image/jpeg;base64,"))
        assert base64.b64decode(uri.split(",", 1)[1]) == data
