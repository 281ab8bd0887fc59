"""Write the growth-path example notebook (examples/growth-path.ipynb) as JSON, without outputs.

Usage: python examples/make_growth_notebook.py   (needs nbformat; tests/test_notebooks.py
runs the notebook). Edit the cells here, not in the .ipynb file, and run this again.
"""

from __future__ import annotations

from make_notebooks import code, md, write

GROWTH = [
    md("""
# A growth path: the sales organisation, stage by stage

*What should our sales organisation look like now, and when do we change it?* Article 002
(`growth-leader-convergence`) tells the story: the owner sells and leads; as the company grows
the roles are split, the owner leading and a dedicated sales manager running the process; a
mature company with a seasoned team converges them into one **Growth Leader**, if the manager
can make the leap. Article 000 (`both-hats`) ties the split to size.

`rolemodel.growth_path` takes a company's trajectory and answers for each period, with the
transitions between them and the passage that prescribes each.
"""),
    code("""
import rolemodel

story = [
    {"year": 2020, "company_size": 5, "team_size": 1, "team_seasoning": 0.1},
    {"year": 2022, "company_size": 30, "team_size": 3, "team_seasoning": 0.2},
    {"year": 2024, "company_size": 150, "team_size": 12, "team_seasoning": 0.4},
    {"year": 2026, "company_size": 400, "team_size": 33, "team_seasoning": 0.6},
    {"year": 2028, "company_size": 1200, "team_size": 100, "team_seasoning": 0.8},
    {"year": 2030, "company_size": 3000, "team_size": 250, "team_seasoning": 0.9},
]
for period in story:
    period.update(market_change="medium", regulation="low", manager_readiness="high")
    period["process_maturity"] = period["team_seasoning"]

path = rolemodel.growth_path(story, name="Acme")
path
"""),
    md("""
Each period is exactly `rolemodel.recommend()` of its profile; the transitions say when to
change, each with its passage:
"""),
    code("""
for t in path.transitions:
    print(f"{t.at}: {t.title}")
    print(f"    {t.citation}")
"""),
    md("""
The timeline: staffing as bands, company size with each period's role, the transitions dashed.
"""),
    code("""
path.plot();
"""),
    md("""
## A manager who cannot make the leap

With a manager who lacks the aptitude to lead, the roles stay split, and the path says where
the manager is what holds the convergence back:
"""),
    code("""
stuck = rolemodel.growth_path([{**p, "manager_readiness": "low"} for p in story])
print(" -> ".join(s.value for s in stuck.staffing_sequence))
for t in stuck.transitions:
    print(f"{t.at}: {t.title}")
"""),
    md("""
## Plan forward

From one profile today, `growth_path.plan` projects a trajectory: at chosen sizes, or over time
on a linear or compound growth curve. The assumptions it makes are listed.
"""),
    code("""
client = {"company_size": 12, "team_size": 3, "market_change": "medium", "regulation": "low"}
plan = rolemodel.growth_path.plan(client, sizes=[12, 50, 150, 500, 1500], name="Client")
plan
"""),
    code("""
over_time = rolemodel.growth_path.plan(client, to_company_size=1200, years=5, growth="compound", start=2026)
for a in over_time.assumptions:
    print("-", a)
print(over_time.to_mermaid())
"""),
]


if __name__ == "__main__":
    write("growth-path.ipynb", GROWTH)
