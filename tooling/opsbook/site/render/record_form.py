"""The "New record" page of a kind: a plain HTML form made from the kind's JSON Schema, with a
live YAML preview, checks of required fields and formats, and a button that opens the
repository host's "new file" editor with the file's name and content filled in (or, without
a host, the YAML to copy). The page's script is assets/opsbook-new.js; everything it needs
(fields, the next free ID, the file's name and folder, the host's address) is in one data
attribute, HTML-escaped."""

from __future__ import annotations

import json
import posixpath
from typing import Any

from opsbook.kinds import Kind
from opsbook.site.render.text import h
from opsbook.site.structure.hosting import Host
from opsbook.site.structure.model import SiteModel
from opsbook.site.structure.record_form import form_fields
from opsbook.workflow.ids import next_free_id
from opsbook.workflow.layout import kind_folder

NEW_RECORD_FOLDER = "new"
_TEXTAREA_MIN = 500  # longer strings than this get a text area


def new_record_uri(kind: Kind) -> str:
    return f"{NEW_RECORD_FOLDER}/{kind.name}.md"


def new_record_page(model: SiteModel, kind: Kind, host: Host | None) -> str:
    repository = model.repository
    record_id = next_free_id(repository, kind, None).id
    folder = kind_folder(repository.config, kind)
    schema = (repository.config.schemas_dir / kind.schema_file).relative_to(repository.config.root).as_posix()
    fields = form_fields(repository.kinds, kind)
    if kind.is_document:
        fields.append({"name": "body", "label": "Article", "type": "string", "required": False, "markdown": True,
                       "help": "The article in Markdown, below the front matter."})
    here = new_record_uri(kind)
    data: dict[str, Any] = {
        "kind": kind.name, "label": kind.label, "id": record_id, "folder": folder,
        "document": kind.is_document,
        "modeline": f"# yaml-language-server: $schema={posixpath.relpath(schema, folder)}",
        "fields": fields, "api": _api_links(model, here, fields),
        "newFile": _new_file(host, folder), "folderUrl": host.folder(folder) if host else None,
    }
    required = [f for f in fields if f["required"]]
    optional = [f for f in fields if not f["required"]]
    intro = (f"<p>Fill in the form; the YAML below follows as you type. It becomes <code>{h(folder)}/"
             f'<span class="opsbook-new-file">{h(record_id)}{"" if kind.is_document else ".yaml"}</span></code> '
             f"({h(record_id)} is the next free ID "
             "when this site was built; the pull request's checks move it if someone took it since).</p>")
    return "\n".join([
        f'<h1 class="opsbook-title">New {h(kind.label.lower())}</h1>', "", intro, "",
        f'<form class="opsbook-new" data-opsbook-new="{h(json.dumps(data, ensure_ascii=False))}" novalidate>'
        + "".join(_field(f) for f in required)
        + f'<details class="opsbook-new-more"><summary>More fields ({len(optional)})</summary>'
        + "".join(_field(f) for f in optional) + "</details>"
        + '<div class="opsbook-new-errors" role="alert"></div>'
        + '<h2 id="yaml">The record</h2><pre class="opsbook-new-preview"><code></code></pre>'
        + _actions(host) + "</form>", ""])


def _api_links(model: SiteModel, here: str, fields: list[dict[str, Any]]) -> dict[str, str]:
    """The JSON API's list of each kind the form references, as links from this page."""
    targets = {f.get("ref") or f.get("items", {}).get("ref") for f in fields}
    targets |= {c.get("ref") for f in fields for c in f.get("fields", [])}
    url = model.site.url(here)
    folder = "/" + (url if url.endswith("/") or not url else posixpath.dirname(url) + "/")
    return {t: posixpath.relpath(f"/api/v1/{t}.json", folder) for t in sorted(t for t in targets if t)}


def _new_file(host: Host | None, folder: str) -> dict[str, str] | None:
    found = host.new_file(folder) if host else None
    if found is None:
        return None
    url, name, content = found
    return {"url": url, "name": name, "content": content}


def _actions(host: Host | None) -> str:
    copy = '<button type="button" class="md-button opsbook-new-copy">Copy the YAML</button>'
    if host is None:
        return f'<p class="opsbook-new-actions">{copy} Save it as the file named above and open a pull request.</p>'
    open_editor = ('<a class="md-button md-button--primary opsbook-new-open" aria-disabled="true">'
                   "Open in the repository's editor</a>")
    return f'<p class="opsbook-new-actions">{open_editor} {copy}</p>'


def _field(spec: dict[str, Any], parent: str = "") -> str:
    name = f"{parent}.{spec['name']}" if parent else spec["name"]
    if spec["type"] == "object":
        inner = "".join(_field(child, name) for child in spec.get("fields", []))
        return f'<fieldset class="opsbook-new-group"><legend>{h(spec["label"])}</legend>{_help(spec)}{inner}</fieldset>'
    ident = "opsbook-field-" + name.replace(".", "-")
    star = ' <span class="opsbook-new-required" title="required">*</span>' if spec["required"] else ""
    return (f'<div class="opsbook-new-field"><label for="{h(ident)}">{h(spec["label"])}{star}</label>'
            f"{_control(spec, name, ident)}{_help(spec)}"
            f'<p class="opsbook-new-problem" id="{h(ident)}-problem"></p></div>')


def _help(spec: dict[str, Any]) -> str:
    return f'<p class="opsbook-new-help">{h(spec["help"])}</p>' if spec.get("help") else ""


def _control(spec: dict[str, Any], name: str, ident: str) -> str:
    common = f'id="{h(ident)}" name="{h(name)}" data-field="{h(name)}"' + (" required" if spec["required"] else "")
    if spec.get("format"):
        common += f' data-format="{h(spec["format"])}"'
    described = f' aria-describedby="{h(ident)}-problem"'
    if "enum" in spec or spec["type"] == "boolean":
        choices = spec.get("enum", [True, False])
        default = spec.get("default")
        empty = "" if spec["required"] and default is not None else '<option value=""></option>'
        options = "".join(f'<option value="{h(json.dumps(c))}"{" selected" if c == default else ""}>{h(c)}</option>'
                          for c in choices)
        return f"<select {common}{described}>{empty}{options}</select>"
    if spec.get("markdown") or spec.get("maxLength", 0) > _TEXTAREA_MIN:
        return f'<textarea {common}{described} rows="4"></textarea>'
    kind = "number" if spec["type"] in ("integer", "number") else "text"
    extra = f' inputmode="{"numeric" if spec["type"] == "integer" else "decimal"}"' if kind == "number" else ""
    target = spec.get("ref") or spec.get("items", {}).get("ref")
    if target:
        extra += f' list="opsbook-ref-{h(target)}" autocomplete="off"'
    example = spec.get("example") or spec.get("items", {}).get("pattern", "")
    if spec["type"] == "array":
        example = "comma-separated" + (f", like {spec['items'].get('example')}" if spec["items"].get("example") else "")
    placeholder = f' placeholder="{h(example)}"' if example else ""
    return f'<input type="{kind}" {common}{described}{extra}{placeholder}>'
