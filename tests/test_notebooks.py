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
NOTEBOOKS = ["tour.ipynb", "portfolio.ipynb", "what-if.ipynb"]
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
    if name == "what-if.ipynb":
        images = [o for o in outputs if "image/png" in o.get("data", {})]
        assert len(images) == 2, "the phase maps are drawn"


def test_notebooks_are_written_by_the_generator() -> None:
    """The committed notebooks are what examples/make_notebooks.py writes (edit it, not them)."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        import make_notebooks
    finally:
        sys.path.remove(str(EXAMPLES))
    for name, cells in (
        ("tour.ipynb", make_notebooks.TOUR),
        ("portfolio.ipynb", make_notebooks.PORTFOLIO),
        ("what-if.ipynb", make_notebooks.WHAT_IF),
    ):
        committed = nbformat.read(EXAMPLES / name, as_version=4)
        assert [c.source for c in committed.cells] == [c.source for c in cells], name
