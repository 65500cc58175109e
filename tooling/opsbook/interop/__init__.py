"""Interoperability: records in formats other tools read, and history brought in from them.

- `csv_import`: `opsbook import csv`, CSV exports of ServiceNow and Jira Service Management
  mapped by the data files in `mappings/` (or a team's own mapping file).
- `backstage`: services and assets as Backstage catalog entities.
- `api`: the static JSON API (`api/v1/...`), one document per kind and per record.
- `feeds`: Atom feeds of incidents (public updates only) and changes.
"""
