"""The example notebooks run headless from top to bottom and show rolemodel's rich output."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
#: Each notebook, with its generator in examples/ and the name of its cells there.
NOTEBOOKS = {
    "tour.ipynb": ("make_notebooks", "TOUR"),
    "portfolio.ipynb": ("make_notebooks", "PORTFOLIO"),
    "what-if.ipynb": ("make_notebooks", "WHAT_IF"),
    "growth-path.ipynb": ("make_growth_notebook", "GROWTH"),
    "assess-a-manager.ipynb": ("make_assess_notebook", "CELLS"),
    "time-audit.ipynb": ("make_time_audit_notebook", "TIME_AUDIT"),
}
KERNEL = "rolemodel-tests"


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel spec running this very interpreter, ahead of any other on the Jupyter path."""
    spec = tmp_path / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "rolemodel tests", "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    return KERNEL


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_shows_rich_output(name: str, kernel: str) -> None:
    """The notebook runs without error and shows rich output (the tour: both answers, abstentions)."""
    nb = nbformat.read(EXAMPLES / name, as_version=4)
    client = nbclient.NotebookClient(
        nb, kernel_name=kernel, timeout=300, resources={"metadata": {"path": str(EXAMPLES)}}
    )
    # Figures inline (as PNG outputs), whatever backend the environment asks for.
    client.execute(env={**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"})
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    rich = [
        o
        for o in outputs
        if o.get("output_type") in ("execute_result", "display_data")
        and {"text/html", "text/markdown"} & set(o.get("data", {}))
    ]
    assert rich, f"{name} shows no rich output"
    if name == "tour.ipynb":
        shown = "".join(
            str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs
        )
        assert "Staffing: " in shown and "no verdict: " in shown, "the tour shows staffing and abstention"
        assert "no recommendation: " in shown, "the tour shows a question no article speaks to"
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    printed = "".join(str(o.get("text", "")) for o in outputs)
    if name == "what-if.ipynb":
        assert len(images) == 2, "the phase maps are drawn"
    if name == "growth-path.ipynb":
        assert len(html) == 2 and all("rolemodel-growth" in h for h in html), "the paths show"
        assert len(images) == 1, "the timeline is drawn"
        assert "Bring in a dedicated sales manager" in printed
        assert "Keep the roles split" in printed and "stateDiagram-v2" in printed
    if name == "assess-a-manager.ipynb":
        assert any("<svg" in h and "Style of Pat" in h for h in html), "the assessment draws itself"
        assert any("Gap of Pat" in h and "Manage, lead and coach" in h for h in html), "the gap cites"
        assert images, "the radar is drawn"
        assert "Pat: readiness" in printed and "split" in printed
    if name == "time-audit.ipynb":
        assert len(html) == 4
        assert "under-led" in html[0] and "Team leadership share" in html[1]
        assert "Performance &amp; Development Session" in html[2] and "Plan template" in html[3]
        assert len(images) == 2, "both plots are drawn"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_are_written_by_the_generator(name: str) -> None:
    """The committed notebooks are what their generators in examples/ write (edit those, not
    the notebooks)."""
    import importlib

    module, cells = NOTEBOOKS[name]
    sys.path.insert(0, str(EXAMPLES))
    try:
        generator = importlib.import_module(module)
    finally:
        sys.path.remove(str(EXAMPLES))
    committed = nbformat.read(EXAMPLES / name, as_version=4)
    assert [c.source for c in committed.cells] == [c.source for c in getattr(generator, cells)], name
