"""Where a contributor proposes a change: the repository host's web editor and issue forms.

Each host writes its URLs its own way; the style comes from the plugin's `host` option, or
else from `repo_url` (github.com, gitlab.*, bitbucket.org, codeberg.org or a host named gitea
or forgejo), GitHub's style for any other host. The branch comes from the plugin's `branch`
option, or from MkDocs' `edit_uri` (`edit/main/`), or is `main`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

STYLES = ("github", "gitlab", "gitea", "bitbucket")
_BRANCH_IN_EDIT_URI = re.compile(r"^(?:-/|_)?(?:edit|blob|src)/([^/]+)/")


@dataclass(frozen=True)
class Host:
    style: str
    repo_url: str  # without a trailing slash
    branch: str = "main"

    def edit(self, path: str) -> str:
        """The web editor of a file in the repository."""
        where = _path(path)
        if self.style == "gitlab":
            return f"{self.repo_url}/-/edit/{self.branch}/{where}"
        if self.style == "gitea":
            return f"{self.repo_url}/_edit/{self.branch}/{where}"
        if self.style == "bitbucket":
            return f"{self.repo_url}/src/{self.branch}/{where}?" + urlencode({"mode": "edit", "at": self.branch})
        return f"{self.repo_url}/edit/{self.branch}/{where}"

    def new_file(self, folder: str) -> tuple[str, str, str] | None:
        """(address, file name parameter, content parameter) of the "new file" editor in
        `folder`, prefilled from the query; None where the host has no such prefill."""
        where = _path(folder)
        if self.style == "gitlab":
            return f"{self.repo_url}/-/new/{self.branch}/{where}", "file_name", "content"
        if self.style == "gitea":
            return f"{self.repo_url}/_new/{self.branch}/{where}", "filename", "value"
        if self.style == "bitbucket":
            return None
        return f"{self.repo_url}/new/{self.branch}/{where}", "filename", "value"

    def folder(self, folder: str) -> str:
        """The folder in the host's file browser (Bitbucket's "Add file" starts there)."""
        if self.style == "gitlab":
            return f"{self.repo_url}/-/tree/{self.branch}/{_path(folder)}"
        if self.style == "gitea":
            return f"{self.repo_url}/src/branch/{self.branch}/{_path(folder)}"
        if self.style == "bitbucket":
            return f"{self.repo_url}/src/{self.branch}/{_path(folder)}/"
        return f"{self.repo_url}/tree/{self.branch}/{_path(folder)}"

    def new_issue(self, template: str | None = None, title: str = "", body: str = "") -> str:
        """A new issue, from an issue form of `.github/ISSUE_TEMPLATE/` where the host reads them."""
        if self.style == "gitlab":
            query = urlencode({k: v for k, v in {"issue[title]": title, "issue[description]": body}.items() if v})
            return f"{self.repo_url}/-/issues/new" + (f"?{query}" if query else "")
        fields = {"title": title, "body": body}
        if template and self.style == "github":
            fields = {"template": template, **fields}
        elif template and self.style == "gitea":
            fields = {"template": f".github/ISSUE_TEMPLATE/{template}", **fields}
        query = urlencode({k: v for k, v in fields.items() if v})
        return f"{self.repo_url}/issues/new" + (f"?{query}" if query else "")


def host_for(repo_url: str | None, style: str | None = None, branch: str | None = None,
             edit_uri: str | None = None) -> Host | None:
    """The host of `repo_url`; None without one (the site then offers text to copy)."""
    if not repo_url or urlsplit(repo_url).scheme not in ("http", "https"):
        return None
    chosen = style or style_of(repo_url)
    if chosen not in STYLES:
        raise ValueError(f"host {chosen!r}: one of {', '.join(STYLES)}")
    found = _BRANCH_IN_EDIT_URI.match(edit_uri or "")
    return Host(chosen, repo_url.rstrip("/"), branch or (found.group(1) if found else "main"))


def style_of(repo_url: str) -> str:
    name = (urlsplit(repo_url).hostname or "").lower()
    if name == "bitbucket.org" or name.startswith("bitbucket."):
        return "bitbucket"
    if "gitlab" in name.split("."):
        return "gitlab"
    if name == "codeberg.org" or {"gitea", "forgejo"} & set(name.split(".")):
        return "gitea"
    return "github"


def _path(path: str) -> str:
    return quote(path.strip("/"), safe="/")
