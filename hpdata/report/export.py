"""Executed notebooks to self-contained HTML, in-process, with nbconvert's ``HTMLExporter``.

The report is the lab template with input cells and prompts hidden and images embedded as
``data:`` URIs. The lab template also loads require.js, MathJax, Mermaid and the Jupyter widgets
manager from a CDN; a report that must open offline (or as a mail attachment) cannot, so those
blocks are emptied by a small template that extends the lab one (LaTeX in markdown therefore shows
as typed). :func:`network_references` finds any ``http(s)://`` script, stylesheet, font or import
that is left, and :func:`to_html` refuses to return such a page.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from nbconvert import HTMLExporter

TEMPLATE_FILE = "hpdata-offline.html.j2"

#: The lab template with every block that loads something from the network emptied.
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

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


def make_exporter(lang: str = "en") -> HTMLExporter:
    """An ``HTMLExporter`` for reports: lab template, offline, input hidden, images embedded.

    ``lang`` becomes the page's ``<html lang>``. Create one per thread (Jinja environments are
    built per exporter)."""
    return HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({TEMPLATE_FILE: OFFLINE_TEMPLATE})],
        template_file=TEMPLATE_FILE,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code=lang,
    )


def to_html(exporter: HTMLExporter, notebook: Any, title: str, lang: str | None = None) -> str:
    """Convert an executed notebook to one self-contained HTML page titled ``title``.

    Raises :class:`NetworkReferenceError` if the page would still load anything from the network.
    """
    if lang is not None:
        exporter.language_code = lang
    html, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    remote = network_references(html)
    if remote:
        listed = ", ".join(f"{kind} {url}" for kind, url in remote[:3])
        raise NetworkReferenceError(f"the HTML would load from the network: {listed}")
    return html
