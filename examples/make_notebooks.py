"""Write the example notebooks (tour, portfolio, what-if) as JSON, without outputs.

Usage: python examples/make_notebooks.py   (needs nbformat; tests/test_notebooks.py runs them)
Edit the cells here, not in the .ipynb files, and run this again.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def md(text: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip())


def code(text: str) -> nbformat.NotebookNode:
    return new_code_cell(text.strip())


TOUR = [
    md("""
# A tour of rolemodel

rolemodel recommends **management**, **leadership** or a converged **Growth Leader** for a
company's sales function. Five articles by sales executives are each encoded as a rule graph
(a *framework*); each gives its own *verdict*, and rolemodel combines them into one
*recommendation*, explained and cited.
"""),
    code("""
import rolemodel

rec = rolemodel.recommend(
    company_size=300, team_size=25, market_change="high", regulation="low"
)
rec
"""),
    md("The combined scores sum to 1; the confidence is low when the frameworks disagree."),
    code("""
{role.value: round(score, 3) for role, score in rec.scores.items()}, round(rec.confidence, 3)
"""),
    md("Each framework's own verdict, and who dissents from the recommendation:"),
    code("""
for verdict in rec.verdicts:
    print(verdict)
print("dissent:", rec.dissent)
"""),
    md("Why: the rules that fired, what they read, how much they counted, and the quotes."),
    code("print(rec.explain())"),
    md("""
## The factors

A profile needs four factors; the others are optional and, when absent, make no rule fire.
Graded factors take a number in [0, 1] or `"low"`, `"medium"`, `"high"`.
"""),
    code("""
for name, spec in rolemodel.FACTORS.items():
    print(f"{name:22} {spec.kind:7} {'required' if spec.required else '':9} {spec.says}")
"""),
    md("""
## The articles side by side

`rolemodel.compare()` tells which article speaks to which dimension; with a dimension it
puts their words side by side, every cell cited.
"""),
    code("rolemodel.compare()"),
    code('rolemodel.compare("focus")'),
    code('rolemodel.compare("decision making")'),
    md("The frameworks themselves are data (YAML files), loaded and checked:"),
    code("rolemodel.builtin_frameworks()"),
]

PORTFOLIO = [
    md("""
# A consultant's portfolio

Ten client companies, one recommendation each, in one table. The profiles are invented for
the example.
"""),
    code("""
import rolemodel

clients = {
    "Acme Robotics": dict(company_size=35, team_size=6, market_change="high", regulation="low",
                          innovation_need="high"),
    "Borealis Insurance": dict(company_size=4200, team_size=180, market_change="low",
                               regulation="high", structure_need="high"),
    "Cobalt SaaS": dict(company_size=260, team_size=40, market_change=0.7, regulation=0.2,
                        development_priority="high"),
    "Delta Pharma": dict(company_size=9000, team_size=600, market_change=0.4, regulation=0.9,
                         process_complexity="high"),
    "Echo Retail": dict(company_size=1200, team_size=90, market_change=0.5, regulation=0.3,
                        short_term_pressure="high", efficiency_priority="high"),
    "Fjord Energy": dict(company_size=700, team_size=30, market_change=0.6, regulation=0.7),
    "Gale Fintech": dict(company_size=120, team_size=15, market_change=0.8, regulation=0.6,
                         competition="high"),
    "Harbor Logistics": dict(company_size=2500, team_size=140, market_change=0.3,
                             regulation=0.4, process_maturity="high", team_seasoning="high"),
    "Iris Health": dict(company_size=80, team_size=10, market_change=0.5, regulation=0.8,
                        manager_readiness="high"),
    "Juniper Media": dict(company_size=450, team_size=55, market_change="high",
                          regulation="low", customer_focus="high", leadership_time="low"),
}
recommendations = {name: rolemodel.recommend(profile) for name, profile in clients.items()}
recommendations["Acme Robotics"]
"""),
    md("One row per client: role, confidence, scores, and the frameworks that dissent."),
    code("""
from IPython.display import Markdown

lines = [
    "| client | role | confidence | management | leadership | growth leader | dissent |",
    "|---|---|---|---|---|---|---|",
]
for name, rec in recommendations.items():
    s = {role.value: score for role, score in rec.scores.items()}
    lines.append(
        f"| {name} | **{rec.role.value}** | {rec.confidence:.2f} | {s['management']:.2f} "
        f"| {s['leadership']:.2f} | {s['growth_leader']:.2f} | {', '.join(rec.dissent) or '-'} |"
    )
Markdown("\\n".join(lines))
"""),
    md("How the portfolio splits:"),
    code("""
from collections import Counter

Counter(rec.role.value for rec in recommendations.values())
"""),
    md("""
For each client, what one change would turn the advice: the nearest graded factor first
(distances on [0, 1]), else the company's size or stage.
"""),
    code("""
def nearest_change(rec):
    changes = rec.counterfactuals()
    graded = [c for c in changes if c.factor not in ("company_size", "team_size", "stage")]
    if graded:
        return min(graded, key=lambda c: c.distance)
    return changes[0] if changes else "no single factor changes it"

for name, rec in recommendations.items():
    print(f"{name:20} {rec.role.value:14} {nearest_change(rec)}")
"""),
    md("How sure is each client's advice of the weights given to the articles?"),
    code("""
for name, rec in recommendations.items():
    rob = rec.robustness(samples=100)
    fragile = ", ".join(rob.fragile_to) or "-"
    print(f"{name:20} {rec.role.value:14} kept {rob.share:4.0%}; changes without: {fragile}")
"""),
    md("The least certain client, explained:"),
    code("""
name, rec = min(recommendations.items(), key=lambda item: item[1].confidence)
print(name)
print(rec.explain())
"""),
]

WHAT_IF = [
    md("""
# What if? One client, explored

Counterfactuals (what would change the advice), sensitivity (what moves the scores), a phase
map (the advice over two factors) and robustness (does it survive other weights for the
articles?).
"""),
    code("""
import rolemodel

rec = rolemodel.recommend(
    company_size=300, team_size=25, market_change="high", regulation="low"
)
rec
"""),
    md("""
## Counterfactuals

For each factor, the nearest value (all others held) at which the recommended role changes,
and to what. Every one is checked by recommending there.
"""),
    code("""
changes = rec.counterfactuals()
for change in changes:
    print(change)
changes
"""),
    code("""
nearest = min((c for c in changes if c.factor == "market_change"), key=lambda c: c.distance)
rolemodel.recommend({**rec.profile.to_dict(), "market_change": nearest.value})
"""),
    md("""
## Sensitivity

How much each factor moves each role's score around this profile: per unit of a graded
factor, per doubling of a count.
"""),
    code("rec.sensitivity()"),
    md("""
## Phase map

The recommendation over market change x regulation for this company; hatching marks where
the articles do not agree.
"""),
    code("""
pm = rolemodel.phase_map(x="market_change", y="regulation", company_size=300, team_size=25)
pm
"""),
    md("With matplotlib (`pip install 'rolemodel[plot]'`):"),
    code("pm.plot();"),
    code("""
pm2 = rolemodel.phase_map(x="company_size", y="market_change", team_size=10, regulation=0.3)
pm2.plot();
"""),
    md("As data:"),
    code("""
data = pm.to_dict()
data["x_values"][:5], data["roles"][0][:5]
"""),
    md("""
## Robustness

Random weights for the five articles (each x 1/1.5 ... 1.5), and each article left out in turn.
"""),
    code("""
rob = rec.robustness(spread=0.5, samples=200, seed=0)
print(rob)
rob
"""),
]


def write(name: str, cells: list[nbformat.NotebookNode]) -> None:
    nb = new_notebook(cells=cells)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name.removesuffix('.ipynb')}-{i}"  # stable ids, stable diffs
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    nbformat.write(nb, HERE / name)


def main() -> None:
    write("tour.ipynb", TOUR)
    write("portfolio.ipynb", PORTFOLIO)
    write("what-if.ipynb", WHAT_IF)


if __name__ == "__main__":
    main()
