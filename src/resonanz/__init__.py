"""Resonanz: honest social listening for brands."""

from resonanz.models import Author, Metrics, Post, Rejected

__version__ = "0.1.0"
__all__ = ["Author", "Metrics", "Post", "Rejected", "__version__"]
