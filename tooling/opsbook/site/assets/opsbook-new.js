/* The "New record" form (pages under new/): collects the fields, writes the record as YAML in
   the house style of opsbook's own writer, checks required fields and formats, and opens the
   repository host's "new file" editor with the file's name and content filled in. The fields
   come from the kind's JSON Schema, in the form's data-opsbook-new attribute. No framework. */
(function () {
  "use strict";

  var DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
  var DATE_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$/;
  var DATE_LIKE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}/;
  var PLAIN = /^[A-Za-z_][A-Za-z0-9 _.\/@()+,'-]*$/;
  var RESERVED = /^(true|false|null|yes|no|on|off|y|n)$/i;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function now() {
    var d = new Date();
    var offset = -d.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) +
      sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60);
  }

  function realDate(text) {
    var parts = text.slice(0, 10).split("-").map(Number);
    var d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return d.getUTCFullYear() === parts[0] && d.getUTCMonth() === parts[1] - 1 && d.getUTCDate() === parts[2];
  }

  /* ---- YAML, as opsbook writes it ---- */
  function scalar(value) {
    if (typeof value === "number" || typeof value === "boolean") { return String(value); }
    var text = String(value);
    if (PLAIN.test(text) && !RESERVED.test(text) && text === text.trim()) { return text; }
    return JSON.stringify(text);
  }

  function blockSafe(text) {
    var lines = text.replace(/\n+$/, "").split("\n");
    return lines.length > 1 && lines[0].charAt(0) !== " " && text.indexOf("\t") < 0 &&
      lines.every(function (line) { return line === line.replace(/ +$/, ""); });
  }

  function text(value, indent) {
    if (typeof value === "string" && !DATE_LIKE.test(value) && blockSafe(value)) {
      var chomp = /\n$/.test(value) ? (/\n\n$/.test(value) ? "+" : "") : "-";
      var body = value.replace(/\n$/, "").split("\n").map(function (line) {
        return line ? indent + "  " + line : "";
      });
      return " |" + chomp + "\n" + body.join("\n");
    }
    return " " + scalar(value);
  }

  function yaml(data, indent) {
    var out = [];
    Object.keys(data).forEach(function (key) {
      var value = data[key];
      if (Array.isArray(value)) {
        out.push(indent + key + ":");
        value.forEach(function (item) { out.push(indent + "  - " + scalar(item)); });
      } else if (value !== null && typeof value === "object") {
        out.push(indent + key + ":");
        out.push(yaml(value, indent + "  "));
      } else {
        out.push(indent + key + ":" + text(value, indent));
      }
    });
    return out.join("\n");
  }

  /* ---- the form ---- */
  function Form(form) {
    this.form = form;
    this.spec = JSON.parse(form.getAttribute("data-opsbook-new"));
    this.preview = form.querySelector(".opsbook-new-preview code");
    this.errors = form.querySelector(".opsbook-new-errors");
    this.open = form.querySelector(".opsbook-new-open");
  }

  Form.prototype.control = function (name) {
    return this.form.querySelector('[data-field="' + name + '"]');
  };

  Form.prototype.start = function () {
    var self = this;
    this.spec.fields.forEach(function (field) {
      var control = self.control(field.name);
      // Moments being recorded now (opened_at, submitted_at) start as now, as `opsbook new` does.
      if (control && field.required && field.format === "date-time" && /_at$/.test(field.name)) {
        control.value = now();
      } else if (control && field.required && field.format === "date" && /_at$|^updated$/.test(field.name)) {
        control.value = now().slice(0, 10);
      }
    });
    this.form.addEventListener("input", function () { self.update(); });
    this.form.addEventListener("change", function () { self.update(); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    var copy = this.form.querySelector(".opsbook-new-copy");
    if (copy) { copy.addEventListener("click", function () { self.copy(); }); }
    this.pickers();
    this.update();
  };

  Form.prototype.pickers = function () {
    var self = this;
    Object.keys(this.spec.api).forEach(function (kind) {
      var list = document.createElement("datalist");
      list.id = "opsbook-ref-" + kind;
      self.form.appendChild(list);
      if (!window.fetch) { return; }
      fetch(self.spec.api[kind]).then(function (response) {
        return response.ok ? response.json() : { records: [] };
      }).then(function (document_) {
        (document_.records || []).forEach(function (record) {
          var option = document.createElement("option");
          option.value = record.id;
          option.label = record.id + " " + ((record.data && record.data.title) || "");
          list.appendChild(option);
        });
        self.form.setAttribute("data-pickers", "ready");
      }).catch(function () { self.form.setAttribute("data-pickers", "unavailable"); });
    });
    if (!Object.keys(this.spec.api).length) { this.form.setAttribute("data-pickers", "ready"); }
  };

  Form.prototype.read = function (field, name) {
    var control = this.control(name);
    if (!control) { return undefined; }
    var raw = control.value;
    if (control.tagName === "SELECT") { return raw === "" ? undefined : JSON.parse(raw); }
    if (field.type === "array") {
      var items = raw.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
      if (field.items && (field.items.type === "integer" || field.items.type === "number")) {
        items = items.map(Number);
      }
      return items.length ? items : undefined;
    }
    if (control.tagName === "TEXTAREA") {
      raw = raw.replace(/\r\n/g, "\n");
      return raw.trim() === "" ? undefined : raw.replace(/\s+$/, "") + (raw.indexOf("\n") >= 0 ? "\n" : "");
    }
    raw = raw.trim();
    if (raw === "") { return undefined; }
    if (field.type === "integer" || field.type === "number") { return Number(raw); }
    return raw;
  };

  Form.prototype.collect = function (problems) {
    var self = this;
    var data = { id: this.spec.id };
    this.spec.fields.forEach(function (field) {
      var value;
      if (field.type === "object") {
        var inner = {};
        (field.fields || []).forEach(function (child) {
          var v = self.read(child, field.name + "." + child.name);
          if (v !== undefined) { inner[child.name] = v; }
        });
        value = Object.keys(inner).length ? inner : undefined;
        (field.fields || []).forEach(function (child) {
          self.check(child, field.name + "." + child.name, inner[child.name], value !== undefined || field.required, problems);
        });
      } else {
        value = self.read(field, field.name);
        self.check(field, field.name, value, true, problems);
      }
      if (value !== undefined) { data[field.name] = value; }
    });
    return data;
  };

  Form.prototype.check = function (field, name, value, present, problems) {
    var message = "";
    if (value === undefined) {
      if (field.required && present) { message = "required"; }
    } else {
      message = Array.isArray(value) ? value.map(function (item) {
        return problem(field.items || {}, item);
      }).filter(Boolean)[0] || "" : problem(field, value);
    }
    var control = this.control(name);
    var shown = document.getElementById(control ? control.id + "-problem" : "");
    if (control) { control.setAttribute("aria-invalid", message ? "true" : "false"); }
    if (shown) { shown.textContent = message; }
    if (message) { problems.push(field.label + ": " + message); }
  };

  function problem(field, value) {
    if (field.enum && field.enum.indexOf(value) < 0) { return "one of " + field.enum.join(", "); }
    if (field.type === "integer" && !(Number.isInteger(value))) { return "a whole number"; }
    if ((field.type === "number" || field.type === "integer") && isNaN(value)) { return "a number"; }
    if (field.minimum !== undefined && value < field.minimum) { return "at least " + field.minimum; }
    if (field.maximum !== undefined && value > field.maximum) { return "at most " + field.maximum; }
    if (typeof value !== "string") { return ""; }
    if (field.format === "date" && !(DATE.test(value) && realDate(value))) { return "a day like 2026-05-03"; }
    if (field.format === "date-time" && !(DATE_TIME.test(value) && realDate(value))) {
      return "a date, time and UTC offset like 2026-05-03T14:20:00+02:00";
    }
    if (field.pattern && !new RegExp(field.pattern).test(value)) { return "does not match " + field.pattern; }
    if (field.minLength !== undefined && value.length < field.minLength) { return "too short"; }
    if (field.maxLength !== undefined && value.length > field.maxLength) { return "at most " + field.maxLength + " characters"; }
    return "";
  }

  Form.prototype.fileName = function (data) {
    if (!this.spec.document) { return this.spec.id + ".yaml"; }
    var slug = String(data.title || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
      .slice(0, 50).replace(/-+$/, "");
    return this.spec.id + (slug ? "-" + slug : "") + ".md";
  };

  Form.prototype.content = function (data) {
    var body = data.body;
    delete data.body;
    var front = this.spec.modeline + "\n" + yaml(data, "") + "\n";
    if (!this.spec.document) { return front; }
    return "---\n" + front + "---\n# " + (data.title || "Title") + "\n\n" + (body || "Write the article here.\n");
  };

  Form.prototype.update = function () {
    var problems = [];
    var data = this.collect(problems);
    var name = this.fileName(data);
    var content = this.content(data);
    this.preview.textContent = content;
    document.querySelectorAll(".opsbook-new-file").forEach(function (node) { node.textContent = name; });
    this.errors.textContent = problems.length ? "Still to do: " + problems.join("; ") : "";
    this.form.setAttribute("data-valid", problems.length ? "false" : "true");
    if (this.open && this.spec.newFile) {
      var query = new URLSearchParams();
      query.set(this.spec.newFile.name, name);
      query.set(this.spec.newFile.content, content);
      this.open.href = this.spec.newFile.url + "?" + query.toString();
    } else if (this.open && this.spec.folderUrl) {
      this.open.href = this.spec.folderUrl;  // no prefill on this host: copy, then add the file there
    }
    if (this.open) {
      this.open.setAttribute("aria-disabled", problems.length ? "true" : "false");
      if (problems.length) { this.open.removeAttribute("href"); }
    }
  };

  Form.prototype.copy = function () {
    var content = this.preview.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(content);
      return;
    }
    var selection = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(this.preview);
    selection.removeAllRanges();
    selection.addRange(range);
  };

  function start() {
    document.querySelectorAll("form.opsbook-new").forEach(function (form) {
      if (!form.getAttribute("data-started")) {
        form.setAttribute("data-started", "true");
        new Form(form).start();
      }
    });
  }

  window.opsbookOnEveryPage(start);  // opsbook.js
})();
