"""A radar drawing of assessments (a face; needs the ``rolemodel[plot]`` extra).

One spoke per dimension, 0 (the management pole) at the centre and 1 (the leadership pole) at
the rim; one closed line per person, and, given a gap's band, the ring of positions the seat
needs shaded. A dimension not answered is a gap in the person's line, never a guessed point.
matplotlib is imported inside the function only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rolemodel._errors import RoleModelError
from rolemodel._plot import _require_matplotlib

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from rolemodel._assess import Assessment

__all__ = ["draw_assessments"]


def draw_assessments(
    assessments: Sequence[Assessment],
    ax: Axes | None = None,
    *,
    band: tuple[float, float] | None = None,
    labels: Sequence[str] | None = None,
) -> Axes:
    """The assessments on one radar (a polar ``Axes``, made when ``ax`` is ``None``); ``band``
    shades the ring a seat needs; ``labels`` name the spokes (the dimension ids by default)."""
    from rolemodel._assess import Assessment

    people = list(assessments)
    if not people or not all(isinstance(a, Assessment) for a in people):
        raise RoleModelError("draw_assessments: expected one or more Assessment values")
    _require_matplotlib("a radar of assessments")
    import matplotlib.pyplot as plt

    dims = list(people[0].dimensions)
    names = list(labels) if labels is not None else dims
    if len(names) != len(dims):
        raise RoleModelError(f"draw_assessments: expected {len(dims)} labels, found {len(names)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 6), subplot_kw={"projection": "polar"})
    angles = [2 * math.pi * i / len(dims) for i in range(len(dims))]
    if band is not None:
        ring = [*angles, angles[0]]
        ax.fill_between(ring, band[0], band[1], color="#3d8b5a", alpha=0.15, label="what the seat needs")
    for a in people:
        values: list[Any] = [a.dimensions.get(d) for d in dims]
        closed = [*values, values[0]]
        shown = [math.nan if v is None else v for v in closed]
        ax.plot([*angles, angles[0]], shown, marker="o", label=a.person or "assessment")
    ax.set_xticks(angles)
    ax.set_xticklabels(names)
    ax.set_ylim(0, 1)
    ax.set_yticks([0.0, 0.5, 1.0])
    ax.set_yticklabels(["management", "", "leadership"])
    ax.legend(loc="upper right", bbox_to_anchor=(1.3, 1.1))
    return ax
