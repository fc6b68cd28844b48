"""The in-process papermill engine (``hpdata-inprocess``): what a kernel would record, no kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest

from hpdata.report import inprocess, job

CELLS = [
    'x = 20  # parameters\nlabel = "a"',
    "print('one')\nprint('two')\nimport sys\nprint('warn', file=sys.stderr)\nprint('three')",
    "from IPython.display import HTML, display\ndisplay(HTML('<b>bold</b>'))\nx + 1",
    "x + 2;",
    "None",
    "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 2])",
    "raise ValueError('boom ' + label)",
    "print('never')",
]


def notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def test_outputs_counts_and_the_failing_cell(tmp_path: Path) -> None:
    path = notebook(tmp_path)
    with pytest.raises(papermill.PapermillExecutionError) as info:
        papermill.execute_notebook(
            str(path),
            str(tmp_path / "out.ipynb"),
            parameters={"label": "b"},
            engine_name=inprocess.ENGINE_NAME,
            kernel_name="python3",
            language="python",
            progress_bar=False,
        )
    error = info.value
    assert (error.ename, error.evalue) == ("ValueError", "boom b")  # the parameter was injected
    assert job.describe_error(error, job.injected_index(path)).startswith(
        "cell 6 (counting from 0; In [8]) raised ValueError: boom b"
    )
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2, 3, 4, 5, 6, 7, 8, None]
    streams = [(o.name, o.text) for o in code[2].outputs]
    assert streams == [("stdout", "one\ntwo\n"), ("stderr", "warn\n"), ("stdout", "three\n")]
    shown, result = code[3].outputs
    assert shown.output_type == "display_data" and shown.data["text/html"] == "<b>bold</b>"
    assert result.output_type == "execute_result" and result.data["text/plain"] == "21"
    assert result.execution_count == 4
    assert code[4].outputs == [] and code[5].outputs == []  # a trailing ';' and None show nothing
    (figure,) = [o for o in code[6].outputs if o.output_type == "display_data"]
    assert figure.data["image/png"].startswith("iVBORw0KGgo")  # base64 text, as a kernel sends
    assert code[7].outputs[0].output_type == "error" and code[7].outputs[0].traceback
    assert code[8].outputs == []  # nothing runs after the failing cell
    assert nb.cells[0].metadata.tags == ["papermill-error-cell-tag"]


def test_the_engine_is_registered_by_its_entry_point() -> None:
    from papermill.engines import PapermillEngines

    engines = PapermillEngines()
    engines.register_entry_points()
    assert engines.get_engine(inprocess.ENGINE_NAME) is inprocess.InProcessEngine


def test_streams_behave_like_text_files() -> None:
    shell = inprocess.shell()
    with shell.capturing() as outputs:
        stream = inprocess._Stream(shell, "stdout")
        stream.writelines(["a", "b"])
        stream.flush()
        assert stream.writable() and not stream.isatty()
        with pytest.raises(OSError):
            stream.fileno()
        shell.display_pub.clear_output()
        stream.write("c")
    assert [o.text for o in outputs] == ["c"]
