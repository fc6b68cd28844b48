"""Reports: the render engine (:mod:`.render`, entry point :func:`.render.main`), kernels,
HTML export, the cache, the index page, and the tables, charts and citations the notebooks show."""
