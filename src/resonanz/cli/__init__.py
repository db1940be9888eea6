"""The ``resonanz`` command line: a thin face over :mod:`resonanz.service`.

Each module registers its commands on the root group (see :mod:`resonanz.cli.main`).
"""
