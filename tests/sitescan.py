"""A security scan of a built site, by parsing (never grepping) every output a reader's browser
or feed reader could load: each HTML page, the search index, Mermaid diagrams, JSON files and
Atom feeds. Generic on purpose: it walks whatever the site holds, so pages added later are
scanned without being named here.

The rules: no element or attribute that can run script or load content from elsewhere, except
the theme's and opsbook's own scripts (learnt from a build of the same site without hostile
input); every URL is http(s), mailto or relative; page titles and meta tags carry no markup;
diagram source keeps the shape opsbook generates.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Elements that embed, frame, script or redirect; none belongs on a page built from records.
FORBIDDEN_ELEMENTS = frozenset({
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe",
    "foreignobject", "animate", "set", "animatemotion", "animatetransform", "handler", "listener",
    "xss", "pwn", "math", "noembed", "template",
})
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "cite",
    "srcset", "ping", "lowsrc", "dynsrc", "longdesc", "codebase", "manifest", "icon", "profile",
})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Script types a browser does not execute; their content must then be data (JSON).
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
# Browsers drop these anywhere in a URL, and leading C0 controls and spaces.
_URL_DROPPED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_RELATIVE_BASE = re.compile(r'"(?:\.\./)*\.\.(?=[/"])|"\.(?=[/"])')
# A payload that survives as markup announces itself with a name containing this marker.
MARKER = "pwn"


def url_problem(value: str) -> str | None:
    """Why a URL may not appear on the site, as a browser would read it; None if it may."""
    url = _URL_DROPPED.sub("", value).lstrip("".join(chr(c) for c in range(33))).replace("\\", "/")
    if url.startswith("//"):
        return "protocol-relative URL"
    match = _SCHEME.match(url)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return f"{match.group(1).lower()}: URL"
    return None


def normalize_script(text: str) -> str:
    """An inline script with the page's relative base replaced, so pages at any depth compare."""
    return _RELATIVE_BASE.sub('"REL', text)


@dataclass
class Finding:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class Fragment(HTMLParser):
    """Parses one HTML document or fragment and records what may not be there."""

    where: str
    known_scripts: frozenset[str] = frozenset()
    allow_scripts: bool = True
    findings: list[Finding] = field(default_factory=list)
    inline_scripts: list[str] = field(default_factory=list)
    script_sources: list[str] = field(default_factory=list)
    mermaid: list[str] = field(default_factory=list)
    title: str = ""
    _stack: list[str] = field(default_factory=list)
    _script: list[str] | None = None
    _script_type: str = ""
    _mermaid: list[str] | None = None
    _title: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def flag(self, what: str) -> None:
        self.findings.append(Finding(self.where, what))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self._element(tag, found)
        if tag == "script":
            self._script, self._script_type = [], found.get("type", "").lower()
            if "src" in found:
                self.script_sources.append(found["src"])
        if (tag == "pre" and "mermaid" in found.get("class", "").split()) or \
                (tag == "div" and "mermaid" in found.get("class", "").split()):
            self._mermaid = []
        if tag == "title" and not self._stack.count("svg"):
            self._title = []
        if tag not in ("br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"):
            self._stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, {name: value or "" for name, value in attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self._end_script("".join(self._script))
            self._script = None
        if tag in ("pre", "div") and self._mermaid is not None:
            self.mermaid.append("".join(self._mermaid))
            self._mermaid = None
        if tag == "title" and self._title is not None:
            self.title = "".join(self._title)
            self._title = None
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        for sink in (self._script, self._mermaid, self._title):
            if sink is not None:
                sink.append(data)

    def _element(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in FORBIDDEN_ELEMENTS or MARKER in tag:
            self.flag(f"<{tag}> element")
        if tag == "script" and not self.allow_scripts:
            self.flag("<script> element")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            self.flag("<meta http-equiv=refresh>")
        if tag == "meta" and set("<>") & set(attrs.get("content", "")):
            self.flag(f"markup in <meta> content {attrs['content']!r}")
        if tag == "img" and (attrs.get("src", "").lower().startswith(("http:", "https:")) or url_problem(attrs.get("src", ""))):
            self.flag(f"<img> fetching {attrs['src']!r}")
        for name, value in attrs.items():
            self._attribute(tag, name, value)

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on") or MARKER in name:
            self.flag(f"<{tag} {name}=...> attribute")
        elif name in URL_ATTRIBUTES:
            for url in (value.split(",") if name == "srcset" else [value]):
                problem = url_problem(url.strip().split(" ")[0] if name == "srcset" else url)
                if problem:
                    self.flag(f"<{tag} {name}={value!r}>: {problem}")
        elif name == "style" and re.search(r"url\s*\(|expression\s*\(|@import|javascript:", value, re.IGNORECASE):
            self.flag(f"<{tag} style={value!r}>")
        elif name in ("srcdoc", "http-equiv") and tag != "meta":
            self.flag(f"<{tag} {name}=...> attribute")

    def _end_script(self, text: str) -> None:
        if self._script_type in DATA_SCRIPT_TYPES:
            try:
                json.loads(text)
            except ValueError:
                self.flag(f"data script that is not JSON: {text[:80]!r}")
            return
        if text.strip():
            self.inline_scripts.append(text)
            if self.allow_scripts and normalize_script(text) not in self.known_scripts:
                self.flag(f"unknown inline script {text[:80]!r}")


def parse_html(text: str, where: str, **rules: object) -> Fragment:
    fragment = Fragment(where, **rules)  # type: ignore[arg-type]
    fragment.feed(text)
    fragment.close()
    return fragment


# The lines opsbook's own diagrams consist of; labels are entity-coded, so never hold a quote.
_MERMAID_LINES = [re.compile(p) for p in (
    r"(flowchart|graph) (LR|TD|TB|RL|BT)",
    r'n\d+(\["[^"]*"\]|\(\["[^"]*"\]\)|\("[^"]*"\)|\[\("[^"]*"\)\]|\{"[^"]*"\})',
    r'n\d+ (-->|-\.->|==>|---)(\|"[^"]*"\|)? n\d+',
    r"(classDef|class|style|linkStyle) [A-Za-z0-9_,]+( [a-z-]+:#?[A-Za-z0-9]+(,[a-z-]+:#?[A-Za-z0-9]+)*| [A-Za-z0-9_]+)?",
    r"gantt", r"dateFormat [A-Za-z-]+", r"axisFormat [%A-Za-z -]+", r"todayMarker (on|off)",
    r"excludes [A-Za-z, ]+",
    r"(title|section) [^:\"<>]*",
    r"[^:\"<>]+ ?:( ?(crit|done|active|milestone|after [a-z0-9_ ]+|[a-z][a-z0-9_]*|\d{4}-\d{2}-\d{2}|\d+[dwh]),?)+",
)]
_MERMAID_DIRECTIVES = re.compile(r"^\s*(click|callback|call|href|%%|---|securityLevel)\b|%%\{|javascript:", re.IGNORECASE)


_RECORD_LINK = re.compile(r'click n\d+ href "(\./|(\.\./)+)[A-Za-z0-9._/-]*" "[A-Za-z0-9 #;_.-]*"')


def mermaid_problems(source: str) -> list[str]:
    """Lines of a Mermaid diagram that opsbook's generators never write (a label broke out)."""
    problems = []
    for line in source.splitlines():
        text = line.strip()
        if not text:
            continue
        if _RECORD_LINK.fullmatch(text):
            continue  # a node's link to its record's page, a relative site path (render/diagram.py)
        if _MERMAID_DIRECTIVES.search(text):
            problems.append(f"directive {text!r}")
        elif not any(p.fullmatch(text) for p in _MERMAID_LINES):
            problems.append(f"unexpected line {text!r}")
    return problems


@dataclass
class SiteScan:
    site: Path
    known_scripts: frozenset[str]
    own_script_sources: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    pages: int = 0
    diagrams: int = 0
    search_docs: int = 0

    def run(self) -> list[Finding]:
        for path in sorted(self.site.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            where = path.relative_to(self.site).as_posix()
            if path.suffix == ".html":
                self.page(path, where)
            elif where == "search/search_index.json":
                self.search_index(path, where)
            elif where.startswith("pagefind/") and "fragment/" in where and path.suffix == ".pf_fragment":
                self.search_fragment(path, where)
            elif path.suffix == ".json":
                self.json_file(path, where)
            elif path.suffix in (".xml", ".atom", ".rss") and path.name != "sitemap.xml":
                self.feed(path, where)
        return self.findings

    def page(self, path: Path, where: str) -> None:
        self.pages += 1
        parsed = parse_html(path.read_text("utf-8"), where, known_scripts=self.known_scripts)
        self.findings += parsed.findings
        for source in parsed.script_sources:
            if not self._serves_script(path, source):
                self.findings.append(Finding(where, f"script from {source!r}"))
        if set("<>") & set(parsed.title):
            self.findings.append(Finding(where, f"markup in <title> {parsed.title!r}"))
        self.diagrams += len(parsed.mermaid)
        for diagram in parsed.mermaid:
            self.findings += [Finding(where, f"mermaid: {p}") for p in mermaid_problems(diagram)]

    def _serves_script(self, page: Path, source: str) -> bool:
        """Whether a script source is a file of the site itself (theme or opsbook assets)."""
        if url_problem(source) or _SCHEME.match(source) or "?" in source or "#" in source:
            return False
        base = self.site if source.startswith("/") else page.parent
        target = (base / source.lstrip("/")).resolve()
        site = self.site.resolve()
        return site in target.parents and target.suffix == ".js" and target.is_file() and \
            target.relative_to(site).parts[0] == "assets"

    def search_index(self, path: Path, where: str) -> None:
        index = json.loads(path.read_text("utf-8"))
        self.search_docs += len(index["docs"])
        for doc in index["docs"]:
            spot = f"{where}#{doc.get('location', '')}"
            for key in ("title", "text"):
                self.findings += parse_html(str(doc.get(key, "")), spot, allow_scripts=False).findings
            problem = url_problem(str(doc.get("location", "")))
            if problem:
                self.findings.append(Finding(spot, f"location: {problem}"))

    def search_fragment(self, path: Path, where: str) -> None:
        """One page of Pagefind's index: gzip of `pagefind_dcd` and JSON. Its content and metadata
        are text (Pagefind escapes the excerpt it makes of the content; the search box shows the
        metadata as text), so what is checked here is that it reads and links inside the site."""
        self.search_docs += 1
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        if not text.startswith("pagefind_dcd"):
            self.findings.append(Finding(where, "not a Pagefind fragment"))
            return
        fragment = json.loads(text[len("pagefind_dcd"):])
        url = str(fragment.get("url", ""))
        if url_problem(url) or not url.startswith("/") or url.startswith("//"):
            self.findings.append(Finding(where, f"url outside the site: {url[:100]!r}"))

    def json_file(self, path: Path, where: str) -> None:
        try:
            json.loads(path.read_text("utf-8"))
        except ValueError as exc:
            self.findings.append(Finding(where, f"not JSON: {exc}"))

    def feed(self, path: Path, where: str) -> None:
        text = path.read_text("utf-8")
        if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
            self.findings.append(Finding(where, "document type or entity declaration"))
            return
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            self.findings.append(Finding(where, f"not XML: {exc}"))
            return
        for element in root.iter():
            local = element.tag.rsplit("}", 1)[-1]
            if local in FORBIDDEN_ELEMENTS or local == "script" or MARKER in local:
                self.findings.append(Finding(where, f"<{local}> element in the feed"))
            for name, value in element.attrib.items():
                self._feed_attribute(where, local, name.rsplit("}", 1)[-1], value)
            if local in ("content", "summary", "title", "subtitle", "rights") and \
                    element.get("type") == "html":
                fragment = parse_html(element.text or "", f"{where}<{local}>", allow_scripts=False)
                self.findings += fragment.findings

    def _feed_attribute(self, where: str, tag: str, name: str, value: str) -> None:
        if name.startswith("on") or MARKER in name:
            self.findings.append(Finding(where, f"<{tag} {name}> attribute in the feed"))
        elif name in URL_ATTRIBUTES and url_problem(value):
            self.findings.append(Finding(where, f"<{tag} {name}={value!r}>: {url_problem(value)}"))


def known_scripts(site: Path) -> frozenset[str]:
    """The inline scripts of a site built from harmless records: the theme's own."""
    found: set[str] = set()
    for path in site.rglob("*.html"):
        found.update(normalize_script(s) for s in parse_html(path.read_text("utf-8"), "").inline_scripts)
    return frozenset(found)


def scan_site(site: Path, reference: Path) -> tuple[list[Finding], int]:
    """Findings for every output of `site`; `reference` is a build of harmless records."""
    scan = SiteScan(site, known_scripts(reference))
    return scan.run(), scan.pages
