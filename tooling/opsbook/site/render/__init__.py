"""Markdown page strings from the site model; record text is escaped or sanitized here only."""
