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

rolemodel answers two questions about a company's sales function, from five articles by sales
executives:

- the **role** it needs most now: **management**, **leadership** or a converged **Growth Leader**;
- the **staffing**: who holds the roles, **single** (one person does both), **split** (a leader
  plus a dedicated manager) or **converged** (one Growth Leader, by design).

Each article is encoded as a rule graph (a *framework*) and gives its own *verdict* on each
question, or *abstains* when the profile gives it nothing to go on; rolemodel combines the
verdicts into one *recommendation*, explained and cited.
"""),
    code("""
import rolemodel

rec = rolemodel.recommend(
    company_size=300, team_size=25, market_change="high", regulation="low"
)
rec
"""),
    md("""
Each answer has its combined scores (summing to 1) and a confidence, which is low when the
articles that speak disagree. An answer is `None` when no article speaks to the question, with
the reason in `reason` / `staffing_reason`.
"""),
    code("""
def scores(mapping):
    return {answer.value: round(score, 3) for answer, score in mapping.items()}

print("role:    ", rec.role, round(rec.confidence, 3), scores(rec.scores), rec.reason)
print("staffing:", rec.staffing, round(rec.staffing_confidence, 3), scores(rec.staffing_scores),
      rec.staffing_reason)
"""),
    md("""
Each framework's own verdicts. A framework that abstains on a question says why, and neither
agrees nor dissents:
"""),
    code("""
for verdict in rec.verdicts:
    print(verdict)
print("dissent on the role:", rec.dissent, "| on the staffing:", rec.staffing_dissent)
print("abstain on the role:", rec.abstaining, "| on the staffing:", rec.staffing_abstaining)
"""),
    md("One verdict in full; `seven-differences` compares the roles but never says who should hold them:"),
    code('rec.by_framework["seven-differences"]'),
    md("""
Some articles make claims whatever the company (001's "do it all"): they are shown as the
article's *standing claim*, never as its verdict.
"""),
    code("{v.framework: v.stance for v in rec.verdicts if v.stance}"),
    md("""
Why: the rules that fired, what they read, how much they counted, and the quotes. Numbers
marked *calibration* are the library's choice, not the article's.
"""),
    code("print(rec.explain())"),
    md("""
## Two companies at either end

A mature company with a seasoned team, refined processes and a manager ready to lead: the
convergence article's Growth Leader, one person by design.
"""),
    code("""
mature = rolemodel.recommend(
    company_size=2000, team_size=40, market_change=0.3, regulation=0.3,
    team_seasoning="high", process_maturity="high", manager_readiness="high",
)
mature
"""),
    md("A small company whose owner sells and leads the first reps: one person holds both roles."),
    code("""
owner = rolemodel.recommend(
    company_size=12, team_size=3, market_change="low", regulation="low", stage="startup"
)
owner
"""),
    md("""
## When the articles do not speak

Ask one article alone about a company that gives it nothing to decide on: it abstains, and
with no framework speaking there is no recommendation, only the reason.
"""),
    code("""
seven = [f for f in rolemodel.builtin_frameworks() if f.id == "seven-differences"]
silent = rolemodel.recommend(
    company_size=100, team_size=10, market_change=0.5, regulation=0.5, frameworks=seven
)
print(silent.role, "-", silent.reason)
silent
"""),
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

Ten client companies, two answers each (the role and the staffing), in one report. The
profiles are invented for the example.
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
    md("""
One row per client, as `rec.to_row()` gives it (the columns of `rolemodel batch`), with the
client's own columns beside it; `portfolio_report` turns the rows into the report: the
distribution of roles and of staffing, then the clients least confident first. A client with
no answer to a question shows why.
"""),
    code("""
from IPython.display import Markdown

rows = [{"client": name, **clients[name], **rec.to_row()} for name, rec in recommendations.items()]
Markdown(rolemodel.portfolio_report(rows))
"""),
    md("How the portfolio splits on each question:"),
    code("""
from collections import Counter


def name(answer):
    return answer.value if answer is not None else "no recommendation"

print(Counter(name(rec.role) for rec in recommendations.values()))
print(Counter(name(rec.staffing) for rec in recommendations.values()))
Counter((name(rec.role), name(rec.staffing)) for rec in recommendations.values())
"""),
    md("""
For each client, what one change would turn an answer: the nearest change of a graded factor
(distances on [0, 1]), if any.
"""),
    code("""
def nearest_change(rec):
    graded = [c for c in rec.counterfactuals()
              if c.factor not in ("company_size", "team_size", "stage")]
    return min(graded, key=lambda c: c.distance) if graded else "no graded factor changes it"

for client, rec in recommendations.items():
    print(f"{client:20} {name(rec.role):14} {name(rec.staffing):10} {nearest_change(rec)}")
"""),
    md("How sure is each client's advice of the weights given to the articles?"),
    code("""
for client, rec in recommendations.items():
    print(client)
    print(rec.robustness(samples=100))
"""),
    md("The least certain client, explained:"),
    code("""
client, rec = min(recommendations.items(), key=lambda item: item[1].confidence)
print(client)
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

For each factor, the nearest value (all others held) at which the advice changes, and to what.
Every one is checked by recommending there.
"""),
    code("""
changes = rec.counterfactuals()
for change in changes:
    print(change)
changes
"""),
    md("The nearest one, recommended again:"),
    code("""
nearest = min(changes, key=lambda c: c.distance) if changes else None
rolemodel.recommend({**rec.profile.to_dict(), nearest.factor: nearest.value}) if nearest else rec
"""),
    md("""
## Sensitivity

How much each factor moves each answer's score around this profile: per unit of a graded
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
sorted(data)
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
