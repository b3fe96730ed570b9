"""Alembic environment, driven programmatically: `armswatch.store.engine.upgrade` passes the connection.

There is no alembic.ini: the script location and the connection come from the caller (see
`armswatch.store.engine.alembic_config`). Autogenerate compares against `armswatch.store.schema`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from armswatch.store.schema import Base, include_name

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection: Connection | None = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("armswatch migrations run only through armswatch.store.engine.upgrade")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
