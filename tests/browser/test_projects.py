"""Project pages in the browser: Mermaid draws each Gantt chart with the task names as plain
text (the page writes them as entity codes), and the portfolio is a sortable index table."""

from __future__ import annotations

from examples import records_of
from opsbook.model import Repository
from opsbook.projects import read_plan
from sitebrowser import Browser, By

_LABEL = 60  # site/render/diagram.py cuts labels to this length


def test_gantt_charts_render_with_every_task_named(browser: Browser, repository: Repository,
                                                   page_of: dict[str, str]) -> None:
    planned = [p for p in records_of(repository, "project") if read_plan(p.data).tasks]
    assert planned, "no example project has tasks"
    for project in planned:
        browser.open(page_of[project.id])
        # The chart is HTML (site/render/timeline.py): its labels are page text, read as such.
        chart = browser.find("figure.opsbook-gantt")
        text = " ".join((chart.get_attribute("textContent") or "").split())
        for task in read_plan(project.data).tasks:
            assert " ".join(f"{task.id} {task.name}".split())[:_LABEL] in text, (project.id, task.id)


def test_the_portfolio_is_a_sortable_table_of_every_project(browser: Browser, repository: Repository) -> None:
    browser.open("projects/")
    table = browser.ready_table()
    shown = [row.get_attribute("data-status") for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert len(shown) == len(records_of(repository, "project"))
