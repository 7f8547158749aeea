"""The example notebook (examples/notebooks/sla-report.ipynb) runs from start to finish: pandas,
Polars and Spark SQL, with its own asserts that the three reports agree."""

from __future__ import annotations

import os
import sys

from scale_support import REPO, need

nbformat = need("nbformat")
nbclient = need("nbclient")
need("ipykernel")
need("polars")
need("pyspark")

NOTEBOOK = REPO / "examples" / "notebooks" / "sla-report.ipynb"


def test_the_example_notebook_runs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    shown = "".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", "")) for o in outputs)
    assert "SLA.COMPLAINT.ORDINARY" in shown and "+08:00" in shown
