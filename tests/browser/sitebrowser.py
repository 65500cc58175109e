"""Headless Chromium driven by Selenium, reading a served site the way a reader does.

Only Debian's `chromium` and `chromedriver` are used, by path: Selenium Manager, which would
download a browser, never runs (OPSBOOK_CHROMIUM and OPSBOOK_CHROMEDRIVER name other paths).
Without them, or without selenium, the browser tests skip, except under CI (the environment
variable CI set), where a missing browser is a failure: CI must run these tests.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("OPSBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("OPSBOOK_CHROMEDRIVER", "/usr/bin/chromedriver"))
INSTALL_HINT = "apt-get install chromium chromium-driver"
# Without the background-networking flags Chromium calls home at every start, and on a closed
# network those calls fail noisily; a fresh profile keeps runs independent.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,1000")
WAIT_SECONDS = 15.0
# Schemes that never reach a host: inline data, objects the page made itself, and Chromium's
# own start page (chrome://new-tab-page loads its resources just after the browser starts).
LOCAL_SCHEMES = ("data", "blob", "about", "chrome")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def unavailable(reason: str, remedy: str = INSTALL_HINT) -> NoReturn:
    """Skip with `reason`, or fail under CI, where the browser tests must run."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so the browser tests must run: {remedy})", pytrace=False)
    pytest.skip(f"{reason}; the browser tests need it ({remedy})", allow_module_level=True)


try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    unavailable("selenium is not installed", "pip install -e '.[test]'")


def require_chromium() -> None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if missing:
        unavailable(f"{' and '.join(missing)} not found")


def launch(*, javascript: bool = True) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    if not javascript:  # a reader with scripts off: what the static pages alone give
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='opsbook-chromium-')}")
    # The console at every level and every network request, read back after each test.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))


@dataclass
class Browser:
    """One Chromium session on the site served at `base` (ending in `/`)."""

    driver: webdriver.Chrome
    base: str
    requested: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.driver.get(self.base + path.lstrip("/"))

    def wait(self, condition: Callable[[Any], Any], message: str) -> Any:
        return WebDriverWait(self.driver, WAIT_SECONDS).until(condition, message)

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def select(self, css: str) -> Select:
        return Select(self.find(css))

    def path_of(self, url: str) -> str:
        """The site path of a URL on this server, without the leading `/`."""
        return urlsplit(url).path.lstrip("/")

    # -- what the page did --------------------------------------------------------------

    def problems(self) -> list[str]:
        """Console errors and requests to other hosts since the last call (both logs drain)."""
        found = [f"console: {entry['message']}" for entry in self.driver.get_log("browser")
                 if entry["level"] == "SEVERE"]
        local = urlsplit(self.base).netloc
        for url in self._requests():
            self.requested.append(url)
            parts = urlsplit(url)
            if parts.scheme not in LOCAL_SCHEMES and parts.netloc != local:
                found.append(f"request to another host: {url[:200]}")
        return found

    def _requests(self) -> Iterator[str]:
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                yield message["params"]["request"]["url"]

    # -- Material and opsbook widgets ---------------------------------------------------

    def search(self, query: str) -> list[str]:
        """Type `query` into the header's search box; the site paths of the pages it lists."""
        box = self.find("input.md-search__input")
        box.click()
        box.clear()
        box.send_keys(query)
        answered = f"ol.md-search-result__list[data-query='{query.strip()}']"
        self.wait(lambda d: self.find_all(answered + " a.md-search-result__link"),
                  f"search listed no result for {query!r} (is the pagefind/ index missing?)")
        links = self.find_all("li.md-search-result__item a.md-search-result__link")
        return [self.path_of(link.get_attribute("href") or "") for link in links]

    def search_results(self) -> list[dict[str, str]]:
        """ID, title (heading), kind and status of each listed search result."""
        return self.driver.execute_script("""
            return [...document.querySelectorAll('a.md-search-result__link')].map(a => ({
              id: a.getAttribute('data-id'), title: a.querySelector('h1').textContent,
              kind: a.querySelector('.opsbook-search-kind').textContent,
              status: (a.querySelector('.opsbook-badge') || {}).textContent || ''}));""")

    def result_count(self) -> int:
        """The number of results the search box reports (more than it lists at once)."""
        text = self.find(".md-search-result__meta").text
        return int(text.split()[0]) if text[:1].isdigit() else 0

    def facet(self, name: str, value: str) -> None:
        """Press (or release) the search facet `name` (kind, status) for `value`."""
        chip = f"button.opsbook-search-chip[data-facet='{name}'][data-value='{value}']"
        self.wait(lambda d: self.find_all(chip), f"no {name} facet {value!r}")
        # Found and clicked in one step: the facets are drawn anew with every answer.
        self.driver.execute_script("document.querySelector(arguments[0]).click()", chip)

    def ready_table(self) -> WebElement:
        """The page's index table, once opsbook.js has made it sortable and filterable."""
        self.wait(lambda d: self.find_all("table[data-opsbook-ready]"),
                  "opsbook.js did not set up the index table")
        return self.find("table[data-opsbook-ready]")

    def diagrams(self, expected: int) -> list[WebElement]:
        """The SVG of each of `expected` Mermaid diagrams on the page, once all have rendered.

        Material draws each diagram into a closed shadow root of a `div.mermaid`; a diagram
        that fails leaves its `pre.mermaid` source (or an error graphic) instead."""
        def rendered(_: Any) -> list[WebElement] | bool:
            hosts = self.find_all("div.mermaid")
            svgs = [svg for host in hosts for svg in host.shadow_root.find_elements(By.CSS_SELECTOR, "svg")]
            return (svgs or True) if len(svgs) >= expected else False

        found = self.wait(rendered, f"{expected} Mermaid diagram(s) did not render as SVG")
        return found if isinstance(found, list) else []

    def screenshot(self, target: Path, max_height: int = 8000) -> Path:
        """A PNG of the whole page (not only the window), for reviewers."""
        size = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], max_height),
                "scale": 1}
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(shot["data"]))
        return target
