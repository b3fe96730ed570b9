"""Alembic migrations of the knowledge base; run by `armswatch.store.open_store` (upgrade head on open)."""
