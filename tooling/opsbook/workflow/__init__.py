"""The contributor workflow and the pull-request gate, on top of the core.

- `git`: the few git plumbing calls everything here needs (trees, blobs, refs, the base).
- `ids`: the next free ID of a kind, over the working tree and every ref git knows.
- `values`: FIELD=VALUE arguments read with the strict loader's scalar rules, and written back.
- `scaffold`: a new record's text (`opsbook new`).
- `renumber`: move a record added on this branch to the next free ID (`opsbook renumber`).
- `snapshot`: the records of a git revision, parsed by the strict loader.
- `gate`: what `opsbook check --base` refuses, as Diagnostics.
- `changeset`: the change set in record terms, as text and Markdown.
- `query`: one record with its references and backlinks, and filtered lists (`show`, `list`).
"""
