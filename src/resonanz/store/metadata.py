"""The one :class:`~sqlalchemy.MetaData` every table of the store is declared on.

Its own module so that :mod:`.schema` and :mod:`.inbox_schema` both declare tables on
it without importing each other.
"""

from __future__ import annotations

from sqlalchemy import MetaData

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)
