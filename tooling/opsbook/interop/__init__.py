"""Interoperability: records in formats other tools read, and history brought in from them.

- `csv_import`: `opsbook import csv`, CSV exports of ServiceNow and Jira Service Management
  mapped by the data files in `mappings/` (or a team's own mapping file); `dates` reads the
  tools' date formats and refuses ambiguous files, `history` turns several rows of one record
  into its latest state and timeline without moving it backwards.
- `backstage`: services, assets and their owners as Backstage catalog entities, named by
  `entity_names`.
- `api`: the static JSON API (`api/v1/...`), one document per kind and per record, and its
  contract (`contract/`).
- `feeds`: Atom feeds of incidents (public updates only) and changes.
- `sqlite_export`: the records as an SQLite database (`sqlite_tables`: its tables).
"""
