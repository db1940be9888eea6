"""Privacy by design: erasure and access requests of data subjects (GDPR Art. 15, 17)."""

from resonanz.privacy.access import export_author
from resonanz.privacy.erase import ErasureReport, Subject, erase_author

__all__ = ["ErasureReport", "Subject", "erase_author", "export_author"]
