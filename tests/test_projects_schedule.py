"""The critical path method on a textbook network: the Reliable Construction Co. project of
Hillier & Lieberman, Introduction to Operations Research (PERT/CPM chapter), in
tests/projects/network (weeks read as days, activities A..N as tasks T1..T14).

The book's answer: the project takes 44 weeks; the critical path is A B C E F J L N; the slack
of D, G, H and M is 4, of I 2, of K 1, of every other activity 0. Worked forward: C ends on day
16; E 16-20, F 20-25; I 16-23 so J starts at max(25, 23) = 25 and ends 33; L 33-38; N starts at
max(K 37, L 38) = 38 and ends 44. Starting on 2026-03-02, day 44 is 2026-04-14.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from opsbook.load import open_repository
from opsbook.projects import read_plan, schedule
from support import assemble, run

PROJECTS = Path(__file__).resolve().parent / "projects"
LETTERS = dict(zip("ABCDEFGHIJKLMN", (f"T{n}" for n in range(1, 15))))


def network(tmp_path: Path) -> Path:
    return assemble(tmp_path / "repo", PROJECTS / "base", PROJECTS / "network")


def test_critical_path_of_the_textbook_network(tmp_path: Path) -> None:
    repo = network(tmp_path)
    plan = schedule(read_plan(open_repository(repo).by_id["PRJ-0003"].data))
    assert plan.critical_path == [LETTERS[a] for a in "ABCEFJLN"]
    assert (plan.start, plan.finish) == (date(2026, 3, 2), date(2026, 4, 14))
    slack = {letter: plan.tasks[task].total_float for letter, task in LETTERS.items()}
    assert slack == {**dict.fromkeys("ABCEFJLN", 0), "D": 4, "G": 4, "H": 4, "I": 2, "K": 1, "M": 4}


def test_early_and_late_dates_count_calendar_days(tmp_path: Path) -> None:
    repo = network(tmp_path)
    plan = schedule(read_plan(open_repository(repo).by_id["PRJ-0003"].data))
    # I (7 days) may start on day 16 (2026-03-18) and must start by day 18 (2026-03-20);
    # it works 2026-03-18 .. 2026-03-24 at the earliest.
    electrical = plan.tasks[LETTERS["I"]]
    assert (electrical.early_start, electrical.early_finish) == (date(2026, 3, 18), date(2026, 3, 24))
    assert (electrical.late_start, electrical.late_finish) == (date(2026, 3, 20), date(2026, 3, 26))


def test_network_plan_fits_its_baseline(tmp_path: Path) -> None:
    # The 44-day plan ends exactly on the baseline finish, so no task is outside the window.
    result = run("validate", "--root", str(network(tmp_path)))
    assert result.exit_code == 0, result.output
