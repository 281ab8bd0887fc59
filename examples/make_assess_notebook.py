"""Write the example notebook assess-a-manager.ipynb as JSON, without outputs.

Usage: python examples/make_assess_notebook.py   (needs nbformat; tests/test_notebooks.py
runs it). Edit the cells here, not in the .ipynb file, and run this again.
"""

from __future__ import annotations

from make_notebooks import code, md, write

CELLS = [
    md("""
# Assess a sales team's managers

The five articles also tell a company how to see whether its managers lead. rolemodel's
**manager-style instrument** turns 003's questions, 004's seven differences, 000's
communication and problem-solving styles and 001's "tell and sell" vs "ask and listen" into 25
cited items. Each answer places a person between the **management pole** (0) and the
**leadership pole** (1) of one dimension.
"""),
    code("""
import pandas as pd

import rolemodel

instrument = rolemodel.manager_style()
items = pd.DataFrame(
    [{"id": i.id, "dimension": i.dimension, "scale": i.scale.kind, "text": i.text,
      "source": i.citation.source[:3], "quote": i.citation.quote} for i in instrument.items]
)
print(instrument)
items.head(8)
"""),
    md("""
## Three managers' answers

A team's answers as they come out of a spreadsheet: one row per person, one column per item.
A blank (NaN) is an item not answered: it lowers completeness and is never guessed.
"""),
    code("""
tell_and_sell = {"focus-forecast": 5, "focus-week": "a", "decision-pipeline": 5, "decision-basis": "a",
                 "motivation-comp-plan": 5, "motivation-levers": "a", "communication-tell-or-ask": "a",
                 "communication-what-how": 5, "adaptability-rules": 5, "adaptability-status-quo": "a",
                 "problem-anticipate": "a", "problem-rescue": 5, "conflict-approach": "a",
                 "development-b-player": 1, "development-coach-through": "a", "development-activities": 5}
ask_and_listen = {"focus-forecast": 2, "focus-week": "b", "focus-vision": 5, "decision-market": 5,
                  "decision-basis": "b", "motivation-levers": "b", "motivation-follow": 5,
                  "communication-tell-or-ask": "b", "communication-why": 5, "communication-ideas": 4,
                  "adaptability-change": "b", "problem-anticipate": "b", "conflict-approach": "b",
                  "development-b-player": 5, "development-talents": "b", "development-coach-through": "b"}
in_between = {"focus-forecast": 4, "focus-vision": 4, "focus-week": "a", "decision-basis": "b",
              "motivation-levers": "b", "communication-tell-or-ask": "a", "communication-why": 4,
              "adaptability-status-quo": "b", "problem-anticipate": "b", "problem-rescue": 4,
              "conflict-approach": "a", "development-b-player": 4, "development-one-to-ones": 4}
team = pd.DataFrame([{"person": "Pat", **tell_and_sell}, {"person": "Cam", **ask_and_listen},
                     {"person": "Lee", **in_between}])
team
"""),
    md("""
## Where each one stands

`rolemodel.assess` takes a row as it is. An assessment shows itself: a strip per dimension from
the management pole to the leadership pole.
"""),
    code("""
assessments = [rolemodel.assess(row) for _, row in team.iterrows()]
assessments[0]
"""),
    code("""
styles = pd.DataFrame(
    [{"person": a.person, **a.dimensions, "overall": a.overall, "balance": a.balance,
      "coaching": a.coaching, "completeness": a.completeness} for a in assessments]
).set_index("person")
styles.round(2)
"""),
    md("""
## Against what the company needs

A growing software company of 40 people in a fast-changing market: the articles recommend
leadership, held by one person. Each manager's gap to that seat, with what the articles
prescribe, each quoted with its source.
"""),
    code("""
rec = rolemodel.recommend(company_size=40, team_size=6, market_change="high", regulation="low")
print(rec.role, rec.staffing)
gaps = [rolemodel.gap(a, rec) for a in assessments]
gaps[0]
"""),
    code("""
pd.DataFrame(
    [{"person": g.person, "seat": g.seat, "needs": g.need.need, "band": g.need.band,
      "overall": round(g.overall, 2), "gap": round(g.size, 2), "toward": g.toward,
      "largest shortfall": g.shortfalls[0].name if g.shortfalls else None} for g in gaps]
)
"""),
    md("""
The same as a radar (matplotlib): Pat's style against the band the seat needs.
"""),
    code("""
ax = assessments[0].plot(band=gaps[0].need.band)
"""),
    md("""
## Feed readiness back

`gap.as_profile_factors()` gives `manager_readiness` (the library's calibration:
`min(1, overall / 0.5)`). In a mature company with a seasoned team, a ready manager lets the
roles converge into one Growth Leader; an unready one keeps them split (002: not every sales
manager makes the leap).
"""),
    code("""
mature = {"company_size": 1500, "team_size": 60, "market_change": "low", "regulation": "low",
          "stage": "mature", "team_seasoning": "high", "process_maturity": "high"}
for g in gaps:
    factors = g.as_profile_factors()
    again = rolemodel.recommend({**mature, **factors})
    readiness = factors["manager_readiness"]
    print(f"{g.person}: readiness {readiness:.2f} -> {again.role.value}, {again.staffing.value}")
"""),
]


if __name__ == "__main__":
    write("assess-a-manager.ipynb", CELLS)
