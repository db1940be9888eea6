"""The privacy facade: data subjects' requests (GDPR Art. 15, 17), retention and
pseudonymisation on import."""

from __future__ import annotations

from resonanz.privacy import ErasureReport, Subject, erase_author, export_author
from resonanz.privacy.pseudonym import intake_for, new_key
from resonanz.privacy.requests import erase_subject, export_subject
from resonanz.privacy.statement import PrivacySettings, run_enforce

__all__ = [
    "ErasureReport",
    "PrivacySettings",
    "Subject",
    "erase_author",
    "erase_subject",
    "export_author",
    "export_subject",
    "intake_for",
    "new_key",
    "run_enforce",
]
