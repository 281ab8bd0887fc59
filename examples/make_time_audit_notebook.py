"""Write examples/time-audit.ipynb (003's three Monday actions), without outputs.

Usage: python examples/make_time_audit_notebook.py   (needs nbformat; tests/test_notebooks.py
runs it). Edit the cells here, not in the .ipynb file, and run this again.
"""

from __future__ import annotations

from make_notebooks import code, md, write

TIME_AUDIT = [
    md("""
# 003's three Monday actions: time audit, split 1:1s, leadership MBOs

Shawn Hamilton's article (003) ends with three things to do on Monday: audit managers' time
(at least 50/50 management and leadership, else the team is under-led), split the 1:1s into a
weekly pipeline review and a bi-weekly development session, and reward leadership with MBOs.
rolemodel does each from the files people already have. The sample files are in
`docs/examples/`; calendars need `pip install 'rolemodel[calendar]'`.
"""),
    code("""
from pathlib import Path

import rolemodel

EXAMPLES = Path("../docs/examples")
audit = rolemodel.audit(EXAMPLES / "manager-calendar.ics", start="2026-11-02", end="2026-11-29")
audit
"""),
    md("""
Recurring meetings are expanded over the four weeks with their exceptions, time zones are
respected, the all-day and declined events are left out and listed, and the titles no rule
knows are kept as unclassified. The hours per week:
"""),
    code("""
audit.plot();
"""),
    md("""
The shares sum to 1; `leadership_time` (the leadership share of the classified time) is the
profile factor of the same name.
"""),
    code("""
print({k: round(v, 3) for k, v in audit.to_dict().items() if k.endswith("share")})
rec = rolemodel.recommend(
    company_size=300, team_size=20, market_change="low", regulation="low",
    leadership_time=audit.leadership_time,
)
print("leadership_time:", round(rec.profile.leadership_time, 3), "-> role:", rec.role.value)
"""),
    md("""
## A team from a time log

One log with a manager column gives a table, a row per manager; a row that cannot be read is
reported, not dropped. Our own calendar words come from a small rules file.
"""),
    code("""
team = rolemodel.team_audit(
    EXAMPLES / "timelog.csv", rules=EXAMPLES / "timeaudit" / "our-time-rules.yaml",
    start="2026-11-16", end="2026-11-22",
)
team
"""),
    code("""
team.plot();
"""),
    md("""
## Split the 1:1s

From a roster, a weekly 30-minute Pipeline & Forecast Review and a bi-weekly 45-minute
Performance & Development Session for every rep, never double-booking a manager, as a calendar
file any calendar program imports.
"""),
    code("""
schedule = rolemodel.rhythm(EXAMPLES / "roster.csv", start="2027-01-04")
ics = schedule.to_ical()  # bytes to save as team.ics
print(ics.count(b"BEGIN:VEVENT"), "recurring events,", ics.count(b"BEGIN:VTIMEZONE"), "time zones")
schedule
"""),
    md("""
## Leadership MBOs

Rep retention, team skill development and reps promoted per manager, from a roster history;
missing data is reported, not imputed, and the suggested weights are the library's
calibration (003 gives none).
"""),
    code("""
plan = rolemodel.mbos(
    EXAMPLES / "roster-history.csv", start="2026-01-01", end="2026-11-30", levels=["SDR", "AE", "Senior AE"],
    targets={"retention_rate": 0.8},
)
plan
"""),
]


def main() -> None:
    write("time-audit.ipynb", TIME_AUDIT)


if __name__ == "__main__":
    main()
