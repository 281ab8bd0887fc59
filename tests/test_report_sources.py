"""Citations by title and author: the sources table, faithful to the articles, and how a report
names a source (a link where it has an address, the library's title marked)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import rolemodel
from rolemodel._loader import builtin_framework_dir
from rolemodel._markup import citation_html, citation_md
from rolemodel._sources import LIBRARY_TITLE, load_sources, source_of

FRAMEWORKS = rolemodel.builtin_frameworks()
TABLE = load_sources(builtin_framework_dir() / "meta" / "sources.yaml")
LEADERSHIP = {"company_size": 300, "team_size": 25, "market_change": "high", "regulation": "low"}


def _normal(text: str) -> str:
    return " ".join(text.split())


def test_every_builtin_source_has_a_title() -> None:
    """Each built-in framework's article is in the table, named as its framework names it."""
    for f in FRAMEWORKS:
        source = TABLE[f.source]
        assert source.title and source.title in f.title
        assert source.author == ("" if f.author == "not named" else f.author)


def test_titles_and_authors_are_quoted_from_the_articles(sources: Path) -> None:
    """Every title and author in the table is backed by a verbatim quote of its article."""
    for source in TABLE.values():
        text = _normal((sources / source.file).read_text(encoding="utf-8"))
        assert source.title_quote and _normal(source.title_quote) in text, source.file
        if source.library_title:
            assert source.title_quote in source.title  # the library's title is built from the article's words
        else:
            assert _normal(source.title) in text, source.file
        if source.author:
            assert source.author in source.author_quote and _normal(source.author_quote) in text


def test_the_untitled_article_reads_with_a_marked_library_title() -> None:
    """001 has no title: the table gives a descriptive one and says it is the library's."""
    source = TABLE["001_28f390ffde53dbad.txt"]
    assert source.library_title and source.title == "Sales Manager vs Sales Leader: Doing It All"
    assert "untitled" not in source.title and source.shown_title.endswith(f"({LIBRARY_TITLE})")
    text = rolemodel.recommend(LEADERSHIP).to_markdown()
    assert "untitled" not in text
    assert "*Sales Manager vs Sales Leader: Doing It All* (library's title)" in text
    assert f"Janice Mars, Sales Manager vs Sales Leader: Doing It All ({LIBRARY_TITLE})" in text


def test_reports_cite_titles_and_authors_never_files() -> None:
    """Every quote in both reports is followed by its article's author and title, no file name."""
    rec = rolemodel.recommend(LEADERSHIP)
    for text in (rec.to_markdown(), rolemodel.client_report(rec, detail="full"), rec.to_html()):
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", text)
    text = rolemodel.client_report(rec, detail="full")
    assert "\u2014 Shawn Hamilton, *Are You a Sales Leader or a Sales Manager? (And Why It Matters)*" in text
    assert "\u2014 *Can You Be a Sales Leader and a Sales Manager at the Same Time?*" in text  # no author


def test_a_source_with_an_address_is_linked() -> None:
    """Where a source has an https address the citation links its title; anything else is text."""
    url = "https://example.org/sales-leader?x=1&y=2"
    assert citation_md("q", "Title", "Ann", url=url) == f"> \u201cq\u201d \u2014 Ann, [*Title*](<{url}>)"
    assert '<cite><a href="https://example.org/sales-leader?x=1&amp;y=2">Title</a></cite>' in citation_html(
        "q", "Title", "Ann", url=url
    )
    for bad in ("javascript:alert(1)", "http://example.org", "https://x.org/<script>"):
        assert "](" not in citation_md("q", "Title", url=bad)
        assert "href" not in citation_html("q", "Title", url=bad)


def test_a_framework_of_your_own_is_named_by_its_own_title() -> None:
    """A source outside the table is named by its framework's title and author."""
    source = source_of("our-playbook.txt", "Our playbook", "not named")
    assert (source.title, source.author, source.url) == ("Our playbook", "", "")
    assert source_of("x.txt", "T", "Ann").byline == "Ann, T"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("format: rolemodel/sources\nversion: 2\nsources: []\n", "version 1"),
        ("format: rolemodel/sources\nversion: 1\nsources: {}\n", "expected a list"),
        ("format: rolemodel/sources\nversion: 1\nsources: [{file: a.txt}]\n", "a file and a title"),
        ("format: rolemodel/sources\nversion: 1\nsources: [{file: a, title: T, url: 'http://x'}]\n", "https"),
        ("format: rolemodel/sources\nversion: 1\nsources: [{file: a, title: T, colour: red}]\n", "colour"),
        (
            "format: rolemodel/sources\nversion: 1\nsources: [{file: a, title: T, title_basis: mine}]\n",
            "mine",
        ),
        (
            "format: rolemodel/sources\nversion: 1\nsources: [{file: a, title: T}, {file: a, title: U}]\n",
            "twice",
        ),
        ("!!python/object/apply:os.system ['echo hi']\n", "not a readable YAML"),
    ],
)
def test_a_bad_sources_table_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    """A sources table that is not one, or holds an unknown field or an unsafe tag, is refused."""
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(rolemodel.RoleModelError, match=re.escape(problem)):
        load_sources(path)
