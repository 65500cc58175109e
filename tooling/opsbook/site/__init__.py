"""The knowledge site: records and KB articles as cross-linked Markdown pages.

Layout (the tags plugin's split of model from rendering):

- `structure/`: what the site is made of, with no text output: page addresses (`Site`), the
  git history of every file (`history`), field descriptions from the schemas (`fields`), and
  the questions the pages answer (`queries`: what is open, due, scheduled; `service`: all
  about one service).
- `render/`: turning that model into Markdown page strings; every piece of record text passes
  through `render.text` (plain fields) or `render.markdown` (Markdown fields, sanitized).
- `pages.py`: the one registry of generated pages, `build_pages()`.
- `assets/`: the site's own JavaScript and CSS (table sorting and filtering).

Nothing here needs MkDocs: the adapter is `opsbook.mkdocs_plugin`, an entry point beside the
CLI, so the same pages can be written to disk or compared with golden files.
"""

from __future__ import annotations

from opsbook.site.pages import Page, build_pages

__all__ = ["Page", "build_pages"]
