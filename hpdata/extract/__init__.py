"""Extraction: read a Vietnamese report into rows of the observations schema.

:func:`extract` (in :mod:`.extractor`) applies the grammar (:mod:`.grammar`); :mod:`.ingest` adds a
report to a data directory; :mod:`.reconcile` compares the extractor with the curated rows.

>>> from hpdata.extract import extract
"""

from .extractor import extract

__all__ = ["extract"]
