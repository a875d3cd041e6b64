// ddiverify trace viewer: step through each defect's trace. It builds no HTML from
// strings: the page is rendered (and escaped) by ddiverify; this script only toggles
// classes and sets textContent. ASCII only (the page's CSP hashes this exact text).
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("trace-data").textContent);
  var viewers = [];
  var active = null;

  function centre(box, el) {
    box.scrollTop = Math.max(0, el.offsetTop - (box.clientHeight - el.offsetHeight) / 2);
  }

  function reveal(box, el) {
    var top = el.offsetTop, bottom = top + el.offsetHeight;
    if (top < box.scrollTop || bottom > box.scrollTop + box.clientHeight) {
      centre(box, el);
    }
  }

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    row.appendChild(td);
  }

  function Viewer(root, spec) {
    var self = this;
    this.root = root;
    this.id = root.id;
    this.steps = spec.steps;
    this.current = -1;
    this.treeBox = root.querySelector(".tree-scroll");
    this.srcBox = root.querySelector(".src-scroll");
    this.stateBox = root.querySelector(".state-body");
    this.pos = root.querySelector(".pos");
    this.where = root.querySelector(".step-where");
    this.files = spec.files;
    this.atLine = {};   // "file:line" -> the steps on that source line
    this.steps.forEach(function (s, i) {
      var key = s.f + ":" + s.l;
      (self.atLine[key] = self.atLine[key] || []).push(i);
    });
    root.addEventListener("click", function (ev) { self.onClick(ev); });
    root.addEventListener("focusin", function () { activate(self); });
  }

  Viewer.prototype.node = function (i) {
    return document.getElementById(this.id + "-s" + i);
  };

  Viewer.prototype.line = function (i) {
    var s = this.steps[i];
    return document.getElementById(this.id + "-f" + s.f + "-" + s.l);
  };

  Viewer.prototype.showFile = function (f) {
    this.root.querySelectorAll(".src-file").forEach(function (el) {
      el.hidden = Number(el.dataset.file) !== f;
    });
    this.root.querySelectorAll(".tab").forEach(function (el) {
      var on = Number(el.dataset.file) === f;
      el.classList.toggle("on", on);
      el.setAttribute("aria-selected", on ? "true" : "false");
    });
  };

  Viewer.prototype.select = function (i) {
    if (i < 0 || i >= this.steps.length) { return; }
    if (this.current >= 0) {
      var old = this.node(this.current), oldLine = this.line(this.current);
      if (old) { old.classList.remove("selected"); old.setAttribute("aria-selected", "false"); }
      if (oldLine) { oldLine.classList.remove("current"); }
    }
    this.current = i;
    var s = this.steps[i], node = this.node(i);
    if (node) {
      for (var li = node.parentElement.parentElement.closest("li"); li;
           li = li.parentElement.closest("li")) {
        li.classList.add("open");
      }
      node.classList.add("selected");
      node.setAttribute("aria-selected", "true");
      reveal(this.treeBox, node);
    }
    this.showFile(s.f);
    var line = this.line(i);
    if (line) {
      line.classList.add("current");
      centre(this.srcBox, line);
    }
    this.pos.textContent = "step " + (i + 1) + " of " + this.steps.length;
    this.where.textContent = this.files[s.f] + ":" + s.l + "  " + s.fn + "  " + s.k + ": " + s.t;
    this.showState(i);
  };

  Viewer.prototype.showState = function (i) {
    var box = this.stateBox;
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var rows = this.steps[i].s;
    if (!rows.length) {
      var p = document.createElement("p");
      p.className = "empty";
      p.textContent = "no tracked state at this step";
      box.appendChild(p);
      return;
    }
    var table = document.createElement("table");
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      if (r[2]) { tr.className = "changed"; }
      cell(tr, r[0], "name");
      cell(tr, r[1], "value");
      cell(tr, !r[2] ? "" : r[3] === null ? "new" : "was " + r[3], "was");
      table.appendChild(tr);
    });
    box.appendChild(table);
  };

  Viewer.prototype.toggle = function (li, open) {
    if (li && li.querySelector(":scope > ul")) { li.classList.toggle("open", open); }
  };

  Viewer.prototype.setAll = function (open) {
    this.root.querySelectorAll(".tree li").forEach(function (li) {
      if (li.querySelector(":scope > ul")) { li.classList.toggle("open", open); }
    });
    if (this.current >= 0) { this.select(this.current); }
  };

  Viewer.prototype.onClick = function (ev) {
    activate(this);
    var t = ev.target;
    var twisty = t.closest(".twisty");
    if (twisty) { var li = twisty.closest("li"); this.toggle(li, !li.classList.contains("open")); return; }
    var act = t.closest("[data-act]");
    if (act) { this.act(act.dataset.act); return; }
    var tab = t.closest(".tab");
    if (tab) { this.showFile(Number(tab.dataset.file)); return; }
    var node = t.closest(".node.step");
    if (node) { this.select(Number(node.dataset.step)); return; }
    var line = t.closest(".ln.traced");
    if (line) {
      // a traced source line selects its next step after the current one (cycling)
      var parts = line.id.split("-"), key = parts[1].slice(1) + ":" + parts[2];
      var at = this.atLine[key] || [], cur = this.current;
      var next = at.filter(function (i) { return i > cur; })[0];
      if (next === undefined) { next = at[0]; }
      if (next !== undefined) { this.select(next); }
    }
  };

  Viewer.prototype.act = function (what) {
    var last = this.steps.length - 1;
    if (what === "next") { this.select(Math.min(this.current + 1, last)); }
    else if (what === "prev") { this.select(Math.max(this.current - 1, 0)); }
    else if (what === "first") { this.select(0); }
    else if (what === "last") { this.select(last); }
    else if (what === "expand") { this.setAll(true); }
    else if (what === "collapse") { this.setAll(false); }
    else if (what === "open" || what === "close") {
      var node = this.current >= 0 ? this.node(this.current) : null;
      this.toggle(node && node.closest("li"), what === "open");
    }
  };

  function activate(v) {
    if (active === v) { return; }
    if (active) { active.root.classList.remove("active"); }
    active = v;
    v.root.classList.add("active");
  }

  var KEYS = {
    n: "next", j: "next", ArrowDown: "next", p: "prev", k: "prev", ArrowUp: "prev",
    Home: "first", End: "last", ArrowLeft: "close", ArrowRight: "open"
  };

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || !active) { return; }
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    var what = Object.prototype.hasOwnProperty.call(KEYS, ev.key) ? KEYS[ev.key] : null;
    if (!what) { return; }
    ev.preventDefault();
    active.act(what);
  });

  document.querySelectorAll(".viewer").forEach(function (root) {
    var v = new Viewer(root, data.viewers[Number(root.dataset.viewer)]);
    viewers.push(v);
    if (v.steps.length) { v.select(0); }
  });
  if (viewers.length) { activate(viewers[0]); }
})();
