"""Executed notebooks to self-contained HTML, in-process, with nbconvert's ``HTMLExporter``.

The page is the project's own nbconvert template (``templates/hpdata``): the notebook's outputs
with inputs and prompts hidden, images embedded, one small stylesheet (``page.css``, about 5 KB
instead of JupyterLab's 262 KB) with a print (A4) and a phone layout, and no script at all.
The page's title, language and header come from the notebook itself: the output that
:func:`hpdata.report.pages.start` displays carries them in its ``hpdata_page`` metadata
(:func:`page_meta`). :func:`network_references` finds any ``http(s)://`` script, stylesheet,
font or import, and :func:`to_html` refuses to return such a page.
"""

from __future__ import annotations

import re
from typing import Any

from nbconvert import HTMLExporter

from .pages import DATA_TAG, PAGE_META, TEMPLATE_NAME, TEMPLATES_DIR

_REMOTE = r"""(?:https?:)?//[^\s"'<>)]+"""
#: (kind, pattern) pairs; each pattern's group 1 is the remote URL it found.
_NETWORK_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("script", re.compile(rf"""<script\b[^>]*\bsrc\s*=\s*["']?({_REMOTE})""", re.I)),
    ("link", re.compile(rf"""<link\b[^>]*\bhref\s*=\s*["']?({_REMOTE})""", re.I)),
    ("css import", re.compile(rf"""@import\s+(?:url\()?\s*["']?({_REMOTE})""", re.I)),
    ("css url", re.compile(rf"""url\(\s*["']?({_REMOTE})""", re.I)),
    ("js import", re.compile(rf"""\bimport\s*\(\s*["']({_REMOTE})""", re.I)),
    ("js import", re.compile(rf"""\bfrom\s+["']({_REMOTE})""", re.I)),
]


class NetworkReferenceError(RuntimeError):
    """The HTML would load a script, stylesheet or font from the network."""


def network_references(html: str) -> list[tuple[str, str]]:
    """Every script ``src``, ``<link href>``, CSS ``@import``/``url()`` and JS ``import`` in
    ``html`` that points to ``http://``, ``https://`` or a protocol-relative ``//`` URL, as
    ``(kind, url)`` pairs. Links in ``<a href>`` (which load nothing) are not counted."""
    found: list[tuple[str, str]] = []
    for kind, pattern in _NETWORK_PATTERNS:
        found += [(kind, m.group(1)) for m in pattern.finditer(html)]
    return found


#: The alternative text nbconvert gives an image that has none.
NO_ALT = "No description has been provided for this image"
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt\s*=)", re.I)


class ReportExporter(HTMLExporter):
    """nbconvert's ``HTMLExporter`` without its last pass, which parses the whole page again
    with BeautifulSoup (about two thirds of the export's time here) only to give an ``<img>``
    without ``alt`` a placeholder and ``tabindex`` to JupyterLab's cell classes.

    The ``hpdata`` template has no JupyterLab cells, every chart carries its own title and
    label, and an ``<img>`` without ``alt`` still gets nbconvert's placeholder (:data:`NO_ALT`)
    here, by a regular expression over the tags. Everything before that pass (filters, template)
    is nbconvert's own, except that the notebook is validated against its schema once, before
    the preprocessors, rather than again after each of them (nbconvert's own preprocessors,
    eleven validations per page)."""

    def _validate_preprocessor(self, nbc: Any, preprocessor: Any) -> None:
        """Skipped: :meth:`from_notebook_node` validated the notebook before the preprocessors."""

    def from_notebook_node(  # type: ignore[override]
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        import nbformat
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        nbformat.validate(nb, relax_add_props=True)
        info = nb.metadata.get("language_info", {})
        lexer = info.get("pygments_lexer", info.get("name", None))
        highlight = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight)
        self.register_filter("filter_data_type", data_type)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', html), resources


def make_exporter(lang: str = "en") -> HTMLExporter:
    """A :class:`ReportExporter` for reports: the ``hpdata`` template, input hidden, images
    embedded.

    The outputs tagged :data:`~hpdata.report.pages.DATA_TAG` (the DataFrames a notebook shows
    for JupyterLab) are left out. ``lang`` becomes the page's ``<html lang>`` unless the notebook states its own (see
    :func:`page_meta`). Create one per thread (Jinja environments are built per exporter)."""
    from traitlets.config import Config

    # The outputs tagged DATA_TAG (the plain DataFrames for JupyterLab) stay out of the page.
    config = Config({"TagRemovePreprocessor": {"remove_single_output_tags": {DATA_TAG}}})
    return ReportExporter(
        config=config,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        template_name=TEMPLATE_NAME,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code=lang,
    )


def page_meta(notebook: Any) -> dict[str, str]:
    """The ``hpdata_page`` metadata of the first output that has it (``{}`` if none): ``title``
    (the browser title), ``lang`` and ``header`` (the HTML of the page's header)."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            meta = (output.get("metadata") or {}).get(PAGE_META)
            if meta:
                return {str(k): str(v) for k, v in dict(meta).items()}
    return {}


def to_html(exporter: HTMLExporter, notebook: Any, title: str, lang: str | None = None) -> str:
    """Convert an executed notebook to one self-contained HTML page.

    The title, language and header stated by the notebook (:func:`page_meta`) win over ``title``
    and ``lang``. Raises :class:`NetworkReferenceError` if the page would still load anything
    from the network.
    """
    meta = page_meta(notebook)
    lang = meta.get("lang") or lang
    if lang is not None:
        exporter.language_code = lang
    resources = {
        "metadata": {"name": meta.get("title") or title},
        "hpdata_header": meta.get("header", ""),
    }
    html, _ = exporter.from_notebook_node(notebook, resources=resources)
    remote = network_references(html)
    if remote:
        listed = ", ".join(f"{kind} {url}" for kind, url in remote[:3])
        raise NetworkReferenceError(f"the HTML would load from the network: {listed}")
    return html
