"""The walkthrough notebook runs top to bottom and shows what it says it shows."""
import json
import re
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "walkthrough.ipynb"
CHECK = """import json as _json
print("CHECK", _json.dumps({"events": len(events), "columns": list(events.columns),
                           "dates": sorted({str(d.date()) for d in events["date"].dropna()}),
                           "people": sorted(people.loc[people.type == "Person", "label"]),
                           "gexf_nodes": gephi.number_of_nodes(), "page": "vis-network" in page}))"""


def _texts(nb):
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            yield out.get("text", "") + out.get("data", {}).get("text/plain", "") + out.get("data", {}).get(
                "text/html", "")


def test_walkthrough_notebook_runs():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    committed = list(_texts(nb))
    assert any("2023-06-14" in t for t in committed), "the notebook is committed with its outputs"
    nb.cells.append(nbformat.v4.new_code_cell(CHECK))
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    texts = list(_texts(nb))
    text = "".join(texts)
    assert "Ebrahim Raeisi" in text and "Cuba" in text and "sign_agreement" in text
    check = json.loads(texts[-1].split("CHECK ", 1)[1])
    assert check["events"] > 5 and {"event", "date", "agents", "evidence"} <= set(check["columns"])
    assert check["dates"] and all(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in check["dates"])
    assert "Ebrahim Raeisi" in check["people"] and check["gexf_nodes"] > 10 and check["page"]
    # dates print as dates (an f-string width on a date once printed "10" for each)
    assert not re.search(r"^\w+ +10 ", text, re.MULTILINE)
    assert "<iframe srcdoc=" in text and "IFrame" not in text
    assert not any("Warning" in t for t in texts)
