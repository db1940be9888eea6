"""The privacy facade: access and erasure requests of data subjects (GDPR Art. 15, 17)."""

from __future__ import annotations

from resonanz.privacy import ErasureReport, Subject, erase_author, export_author

__all__ = ["ErasureReport", "Subject", "erase_author", "export_author"]
