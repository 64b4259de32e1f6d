"""Tables the shared machinery owns (not a feature's)."""
from __future__ import annotations

from sqlalchemy import BigInteger, DDL, event
from sqlalchemy.orm import Mapped, mapped_column

from app import db

#: The one row of data_version; a database without it simply never caches (see core.freshness).
VERSION_ROW_ID = 1


class DataVersion(db.Model):
    """A number raised by every transaction that changes data, in that transaction (core.freshness)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


# db.create_all() (tests, the benchmark's demo school) gets the row as well as the migration does.
event.listen(DataVersion.__table__, "after_create",
             DDL(f"INSERT INTO data_version (id, version) VALUES ({VERSION_ROW_ID}, 0)"))
