"""Analysis: derived figures, progress status (:mod:`.progress`) and formatting for readers
(:mod:`.formatting`)."""
