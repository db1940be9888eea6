"""Reproducible training of the shipped models from the data sets in ``shared/data``."""
