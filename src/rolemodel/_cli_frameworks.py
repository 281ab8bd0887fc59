"""The ``rolemodel frameworks`` command: list, show or draw the frameworks.

``list`` names the built-in frameworks (``--format json`` as data), ``show`` gives one
framework (a built-in id or a file) with its roles, staffing options, factors, concepts and
rules with their basis and citations, and ``graph`` draws its rule graph as Mermaid or
Graphviz dot text (:func:`graph_dot`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from rolemodel._cli import EXIT_OK, Subparsers, UsageError, chosen_frameworks, out, parser_kwargs

if TYPE_CHECKING:
    from rolemodel._model import Framework

__all__ = ["graph_dot", "register"]


def register(subparsers: Subparsers) -> None:
    """``rolemodel frameworks list|show|graph``."""
    p = subparsers.add_parser(
        "frameworks",
        **parser_kwargs(
            "list, show or draw the frameworks (one per source article)",
            "rolemodel frameworks list\n"
            "rolemodel frameworks show kotter-complexity-change\n"
            "rolemodel frameworks graph kotter-complexity-change --format dot | dot -Tsvg > k.svg",
        ),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = actions.add_parser(
        "list", **parser_kwargs("list the built-in frameworks", "rolemodel frameworks list --format json")
    )
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.set_defaults(handler=_frameworks_list)
    show = actions.add_parser(
        "show",
        **parser_kwargs(
            "show one framework: roles, staffing options, factors, concepts, rules with their "
            "basis and citations",
            "rolemodel frameworks show seven-differences\nrolemodel frameworks show ./our-framework.yaml",
        ),
    )
    show.add_argument("framework", metavar="ID|PATH")
    show.set_defaults(handler=_frameworks_show)
    graph = actions.add_parser(
        "graph",
        **parser_kwargs(
            "draw a framework's rule graph as Mermaid or Graphviz dot text",
            "rolemodel frameworks graph kotter-complexity-change --format mermaid",
        ),
    )
    graph.add_argument("framework", metavar="ID|PATH")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.set_defaults(handler=_frameworks_graph)


def _one_framework(spec: str) -> Framework:
    frameworks = chosen_frameworks(argparse.Namespace(framework=[spec]))
    assert frameworks is not None
    if len(frameworks) != 1:
        raise UsageError(f"{spec}: expected one framework, found {len(frameworks)}")
    return frameworks[0]


def _frameworks_list(args: argparse.Namespace) -> int:
    from rolemodel._loader import builtin_frameworks

    frameworks = builtin_frameworks()
    if args.format == "json":
        import json

        out(
            json.dumps(
                [
                    {
                        "id": f.id,
                        "title": f.title,
                        "author": f.author,
                        "source": f.source,
                        "roles": [r.value for r in f.role_ids],
                        "staffing": [o.value for o in f.staffing_ids],
                        "rules": len(f.rules),
                    }
                    for f in frameworks
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    width = max(len(f.id) for f in frameworks)
    for f in frameworks:
        roles = ", ".join(r.value for r in f.role_ids)
        staffing = f"[{', '.join(o.value for o in f.staffing_ids)}]" if f.staffing_ids else "none"
        out(f"{f.id:<{width}}  {len(f.rules):>2} rules  roles [{roles}]  staffing {staffing}")
        out(f"{'':<{width}}  {f.title} ({f.author})")
    return EXIT_OK


def _width() -> int:
    import shutil

    return max(60, min(100, shutil.get_terminal_size((100, 24)).columns))


def _frameworks_show(args: argparse.Namespace) -> int:
    import textwrap

    f = _one_framework(args.framework)
    width = _width()

    def para(text: str, indent: str = "  ") -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, initial_indent=indent, subsequent_indent=indent)

    def entry(head: str, *texts: str) -> list[str]:
        """One line for the head, then each text wrapped below it."""
        return [f"  {head}", *(line for text in texts for line in para(text, "      "))]

    lines = [f"{f.id}: {f.title}", f"  by {f.author}, {f.source}", ""]
    lines += para(f.summary)
    lines += ["", "Roles:"]
    for spec in f.roles:
        lines += entry(f"{spec.role.value} (baseline {spec.baseline:g})", spec.says)
    lines += ["", "Staffing:"]
    if not f.staffing:
        lines.append("  none: the article does not speak to who holds the roles")
    for option in f.staffing:
        lines += entry(f"{option.staffing.value} (baseline {option.baseline:g})", option.says)
    lines += ["", "Factors read: " + ", ".join(f.factors)]
    if f.concepts:
        lines += ["", "Concepts:"]
        for concept in f.concepts:
            lines += entry(concept.id, concept.says)
    lines += ["", "Rules (basis: article = the article's own numbers, calibration = the library's):"]
    for rule in f.rules:
        notes = [f"weight {rule.weight:g}", *filter(None, [rule.basis])]
        if rule.stance:
            notes.append("a standing claim, whatever the company")
        head = f"{rule.id}: when {rule.when.describe()} -> {rule.then} ({', '.join(notes)})"
        lines += entry(head, rule.says, f"\u201c{rule.citation.quote}\u201d")
    out("\n".join(lines))
    return EXIT_OK


def _frameworks_graph(args: argparse.Namespace) -> int:
    f = _one_framework(args.framework)
    out(f.to_mermaid() if args.format == "mermaid" else graph_dot(f))
    return EXIT_OK


def graph_dot(framework: Framework) -> str:
    """``framework.graph`` as Graphviz dot text: factors -> concepts -> roles and staffing."""

    def q(text: object) -> str:
        return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'

    graph = framework.graph
    shapes = {"factor": "ellipse", "concept": "box", "role": "doubleoctagon", "staffing": "octagon"}
    lines = [f"digraph {q(framework.id)} {{", "    rankdir=LR;"]
    for node, data in graph.nodes(data=True):
        shape = shapes.get(data.get("kind", ""), "box")
        lines.append(f"    {q(node)} [label={q(data.get('label', node))}, shape={shape}];")
    for a, b, data in graph.edges(data=True):
        label = "\\n".join(str(r).replace('"', '\\"') for r in data.get("rules", []))
        lines.append(f'    {q(a)} -> {q(b)} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines)
