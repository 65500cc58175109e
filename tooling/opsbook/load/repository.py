"""Walking `records/` and `kb/` into a Repository: every file becomes a Record or an
Unloadable with its diagnostics, and the walk always goes on to the next file."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from opsbook.config import Config
from opsbook.diagnostics import Diagnostic, error
from opsbook.kinds import Kind, Kinds
from opsbook.load.files import read_text
from opsbook.load.parallel import RecordCheck, load_files
from opsbook.load.stray import stray_files
from opsbook.model import Record, Repository, Unloadable
from opsbook.strict_yaml import YamlRefusal, parse

RECORD_SUFFIX = ".yaml"
ARTICLE_SUFFIX = ".md"


def load_repository(config: Config, kinds: Kinds) -> Repository:
    return load_checked(config, kinds, None)[0]


def load_checked(config: Config, kinds: Kinds, check: RecordCheck | None) -> tuple[Repository, list[Diagnostic]]:
    """The repository, and what `check` found in each record as it was parsed."""
    diagnostics: list[Diagnostic] = []
    files = list(record_files(config, kinds, diagnostics))
    loaded, findings = load_files(files, partial(load_file, config), kinds, check)
    return assemble(config, kinds, diagnostics, loaded), findings


def assemble(config: Config, kinds: Kinds, diagnostics: list[Diagnostic],
             loaded_files: Iterable[Record | Unloadable]) -> Repository:
    """The repository of the loaded files, with the walk's own `diagnostics`."""
    repository = Repository(config=config, kinds=kinds)
    repository.diagnostics.extend(diagnostics)
    for loaded in loaded_files:
        if isinstance(loaded, Unloadable):
            repository.unloadable.append(loaded)
        else:
            repository.records.append(loaded)
    return repository


def record_files(config: Config, kinds: Kinds, diagnostics: list[Diagnostic]) -> Iterator[tuple[Path, Kind]]:
    """Every record file with its kind, in a stable order; misplaced and stray files go to `diagnostics`."""
    diagnostics.extend(stray_files(config, kinds))
    for entry in _entries(config.records_dir):
        shown = _shown(config, Path(entry.path))
        folder_kind = kinds.by_folder(entry.name) if entry.is_dir(follow_symlinks=False) else None
        if entry.is_symlink():
            diagnostics.append(error(shown, 1, 1, "file-symlink", "symbolic links are not allowed among records"))
        elif folder_kind is None:
            diagnostics.append(_misplaced(shown, kinds))
        else:
            for file in _entries(Path(entry.path)):
                if file.name.endswith(RECORD_SUFFIX) and not file.is_dir(follow_symlinks=False):
                    yield Path(file.path), folder_kind
                else:
                    diagnostics.append(_misplaced(_shown(config, Path(file.path)), kinds))
    yield from _kb_files(config, kinds, diagnostics)


def _kb_files(config: Config, kinds: Kinds, diagnostics: list[Diagnostic]) -> Iterator[tuple[Path, Kind]]:
    kb = next((k for k in kinds if k.is_document), None)
    for entry in _entries(config.kb_dir):
        shown = _shown(config, Path(entry.path))
        if entry.name.endswith(ARTICLE_SUFFIX) and kb is not None:
            yield Path(entry.path), kb  # a folder or link named like an article is refused when read
        elif entry.is_dir(follow_symlinks=False) or entry.is_symlink():
            diagnostics.append(error(shown, 1, 1, "file-misplaced",
                                     "kb/ holds articles as kb/<ID>-<slug>.md, not folders or links"))
        elif not is_kb_asset(config, entry.name):
            diagnostics.append(error(shown, 1, 1, "kb-file-type",
                                     f"kb/ holds articles (<ID>-<slug>.md) and {', '.join(config.kb_assets)} "
                                     "files only; this file is neither published nor read"))


def is_kb_asset(config: Config, name: str) -> bool:
    """A file the site may copy from kb/ as it is: an allowed type (raster images by default),
    never hidden. Articles are rendered by opsbook, everything else stays out of the site."""
    return not name.startswith(".") and Path(name).suffix.lower() in config.kb_assets


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as scan:
            # An empty .gitkeep keeps a folder in git and can hold nothing: the only file skipped.
            return sorted((e for e in scan if not _is_placeholder(e)), key=lambda e: e.name)
    except FileNotFoundError:
        return []


def _is_placeholder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.name == ".gitkeep" and entry.is_file(follow_symlinks=False) and entry.stat().st_size == 0
    except OSError:
        return False


def _misplaced(shown: str, kinds: Kinds) -> Diagnostic:
    folders = ", ".join(sorted(k.folder for k in kinds if not k.is_document))
    return error(shown, 1, 1, "file-misplaced",
                 f"records live in records/<folder>/<ID>{RECORD_SUFFIX}, with folder one of: {folders}")


def _shown(config: Config, path: Path) -> str:
    """The path as diagnostics show it: relative to the root, with forward slashes. By string,
    because it runs for every file and pathlib's relative_to is a tenth of the walk."""
    root, text = str(config.root), str(path)
    if text.startswith(root) and text[len(root):len(root) + 1] == os.sep:
        return text[len(root) + 1:].replace(os.sep, "/")
    return path.as_posix()


def load_file(config: Config, path: Path, kind: Kind) -> Record | Unloadable:
    shown = _shown(config, path)
    text = read_text(path, shown, config.max_file_bytes)
    if isinstance(text, Diagnostic):
        return Unloadable(kind, shown, [text])
    return parse_record(kind, shown, text)


def parse_record(kind: Kind, shown: str, text: str) -> Record | Unloadable:
    """One record from its file's text, wherever the text came from (disk, or a git revision)."""
    body, body_line, offset = None, 0, 0
    if kind.is_document:
        split = split_front_matter(text)
        if split is None:
            diagnostic = error(shown, 1, 1, "kb-front-matter",
                               "a KB article starts with YAML front matter between two '---' lines")
            return Unloadable(kind, shown, [diagnostic])
        text, body, body_line = split
        offset = 1
    try:
        data = parse(text)
    except YamlRefusal as refusal:
        diagnostic = error(shown, refusal.line + offset, refusal.column, refusal.code, refusal.message)
        return Unloadable(kind, shown, [diagnostic])
    return Record(kind, data, shown, text, offset, body, body_line)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, first line of the body) of a Markdown article."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return None
    front = text[4 : end + 1]
    body = text[end + 5 :]
    return front, body, front.count("\n") + 3
