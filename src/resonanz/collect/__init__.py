"""Collection that runs by itself: watches, their runs and the worker.

* :mod:`~resonanz.collect.schedule` - intervals, due times, backoff.
* :mod:`~resonanz.collect.sources` - builds the source of a watch; one module each for
  :mod:`~resonanz.collect.youtube`, :mod:`~resonanz.collect.mastodon`,
  :mod:`~resonanz.collect.reddit` and :mod:`~resonanz.collect.feed`.
* :mod:`~resonanz.collect.runner` - claims a due watch, imports what its source
  yields (cursor saved with each page's posts), records the run, backs off.
* :mod:`~resonanz.collect.worker` - the loop of ``resonanz worker``: due watches,
  then analysis and inbox sync, and retention enforcement on its own schedule.
"""
