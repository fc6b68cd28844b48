"""Analysis: derived figures and progress status (:mod:`.progress`); numbers for readers are the
core's (:mod:`hpdata.numberstyle`)."""
