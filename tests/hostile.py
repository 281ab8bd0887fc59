"""A framework whose every free-text field carries markup, for the escaping tests."""

from __future__ import annotations

import rolemodel

SCRIPT = "<script>alert('x')</script>"
IMG = "<img src=x onerror=alert(1)>"

HOSTILE_YAML = f"""
format: rolemodel/framework
version: 1
id: hostile-article
title: "Title {SCRIPT} | pipe"
author: "Mallory {IMG}"
source: "evil<b>.txt"
summary: "Summary {SCRIPT}"
roles:
  management:
    baseline: 0.1
    says: "manage {SCRIPT}"
    citation: {{quote: "quote {SCRIPT} *stars* [link](http://x)"}}
  leadership:
    baseline: 0.1
    says: "lead {IMG}"
    citation: {{quote: "quote {IMG}"}}
factors: [market_change]
rules:
  - id: change-calls-for-leadership
    when: {{factor: market_change, rising: [0.2, 0.8]}}
    then: leadership
    weight: 1.0
    says: "rule says {SCRIPT}"
    citation: {{quote: "rule quote {SCRIPT} & \\"quoted\\""}}
  - id: always-some-management
    when: always
    then: management
    weight: 0.2
    says: "always {IMG}"
    citation: {{quote: "always quote {IMG}"}}
items:
  - kind: practice
    role: leadership
    name: "Practice {SCRIPT}"
    says: "do {IMG}"
    citation: {{quote: "practice quote {SCRIPT}"}}
  - kind: stage
    dimension: growth
    name: "Stage {SCRIPT}"
    says: "grow {SCRIPT}"
    citation: {{quote: "stage quote {IMG}"}}
"""


def hostile_framework() -> rolemodel.Framework:
    """The hostile framework, loaded through the public loader."""
    return rolemodel.loads_framework(HOSTILE_YAML, "hostile.yaml")
