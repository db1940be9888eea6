"""Analysis: stages that annotate posts (language, mentions, sentiment, ...).

The stage modules live here; :mod:`resonanz.analysis.engine` orders and runs them.
"""
