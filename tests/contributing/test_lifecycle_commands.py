"""`opsbook transition` over every lifecycle transition of every kind, on copies of the example
records: an allowed move validates and changes only the lines it should; an illegal one leaves
the file byte for byte as it was."""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lifecycle_walk import (
    changed_fields,
    invoke,
    kind_repository,
    moment_after,
    supplies,
    top_level_blocks,
)
from opsbook.kinds import Kind
from opsbook.load import open_repository
from opsbook.strict_yaml import parse
from opsbook.workflow.transition import TIMELINE

ROOT = Path(__file__).resolve().parents[2]
KINDS = [kind for kind in open_repository(ROOT).kinds if kind.lifecycle is not None]


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_every_transition_of_the_kind(kind: Kind, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = kind_repository(kind, tmp_path)
    monkeypatch.chdir(tmp_path)
    lifecycle = kind.lifecycle
    assert lifecycle is not None
    now = datetime.now(UTC)
    # (variant, state) -> the text of a valid record in that state, reached by the CLI itself
    reached: dict[tuple[object, str], tuple[str, str]] = {}
    queue: deque[tuple[object, str]] = deque()
    for seed in seeds:
        key = (seed.data.get(lifecycle.variant_field) if lifecycle.variant_field else None, seed.status or "")
        if key not in reached:
            reached[key] = (seed.path, (tmp_path / seed.path).read_text("utf-8"))
            queue.append(key)
    tested: set[tuple[object, str, str]] = set()
    while queue:
        variant, state = queue.popleft()
        path, text = reached[(variant, state)]
        data = parse(text.split("---\n")[1] if text.startswith("---\n") else text)
        allowed = lifecycle.next_states(data, state)
        for target in allowed:
            tested.add((variant, state, target))
            after = _allowed_move(kind, tmp_path / path, text, data, state, target, now)
            if (variant, target) not in reached:
                reached[(variant, target)] = (path, after)
                queue.append((variant, target))
        illegal = [s for s in lifecycle.states if s not in allowed and s != state]
        if illegal:  # one per state: the refusal is the same code path for every target
            _illegal_move(tmp_path / path, text, illegal[len(tested) % len(illegal)])
    # Every state reached validates as `opsbook validate` sees it, and every transition the
    # table has from a state some example (or the walk) reached was made.
    for (variant, state), (path, text) in reached.items():
        (tmp_path / path).write_text(text, "utf-8")
        validated = invoke("validate", path)
        assert validated.exit_code == 0, f"{path} in {state}: {validated.output}"
        for target in lifecycle.next_states({lifecycle.variant_field: variant} if variant else {}, state):
            assert (variant, state, target) in tested


def _allowed_move(kind: Kind, file: Path, text: str, data: dict[str, object], state: str, target: str,
                  now: datetime) -> str:
    file.write_text(text, "utf-8")
    at = moment_after(text, now)
    extra = [argument for supply in supplies(kind, data, target, at) for argument in ("--set", supply)]
    record_id = file.stem if not kind.is_document else file.stem[: file.stem.index("-", 3)]
    result = invoke("transition", record_id, target, "--at", at, "--note", f"to {target}", *extra)
    assert result.exit_code == 0, f"{record_id} {state} -> {target}: {result.output}"
    after = file.read_text("utf-8")
    changed = changed_fields(_front(text), _front(after))
    lifecycle = kind.lifecycle
    assert lifecycle is not None and lifecycle.field in changed
    given = {argument.split("=")[0].split(".")[0].removesuffix("+") for argument in extra[1::2]}
    stamped = {name for name in changed if name.endswith("_at") or name.startswith("actual_")}
    assert changed <= {lifecycle.field, TIMELINE, *given, *stamped}, changed
    # Every other line is byte for byte what it was.
    assert top_level_blocks(text, changed) == top_level_blocks(after, changed)
    return after


def _illegal_move(file: Path, text: str, target: str) -> None:
    file.write_text(text, "utf-8")
    record_id = file.stem if file.suffix == ".yaml" else file.stem[: file.stem.index("-", 3)]
    result = invoke("transition", record_id, target, "--note", "not allowed")
    assert result.exit_code == 1
    assert "cannot move from" in result.output
    assert file.read_bytes() == text.encode("utf-8")


def _front(text: str) -> str:
    return text.split("---\n")[1] if text.startswith("---\n") else text
