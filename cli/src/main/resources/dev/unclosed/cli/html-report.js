// The page's state lives in its URL fragment (#sort=type&kind=gc&q=socket&open=ID), so that a view can be linked
// to, and a test can drive the page without clicking.
(function () {
  "use strict";
  var main = document.getElementById("findings");
  if (!main) { document.body.setAttribute("data-ready-ms", String(Math.round(performance.now()))); return; }
  var data = JSON.parse(document.getElementById("stacks").textContent);
  var sites = Array.prototype.slice.call(main.querySelectorAll(":scope > .site"));
  var KIND_ORDER = { gc: 0, exit: 1, open: 2 };
  var SHOWN = 1, APPLICATION = 2, SITE = 4, JDK = 8;

  function params() { return new URLSearchParams(location.hash.replace(/^#/, "")); }

  function kindOrder(kind) { return kind in KIND_ORDER ? KIND_ORDER[kind] : 3; }

  function comparator(sort) {
    var byCount = function (a, b) { return Number(b.dataset.count) - Number(a.dataset.count); };
    if (sort === "type") {
      return function (a, b) { return a.dataset.type.localeCompare(b.dataset.type) || byCount(a, b); };
    }
    if (sort === "kind") {
      return function (a, b) { return kindOrder(a.dataset.kind) - kindOrder(b.dataset.kind) || byCount(a, b); };
    }
    return byCount;
  }

  function frameText(f) {
    var where = f[2] == null ? "Unknown Source" : (f[3] > 0 ? f[2] + ":" + f[3] : f[2]);
    return "at " + f[0] + "." + f[1] + "(" + where + ")";
  }

  function frameElement(index, flags) {
    var p = document.createElement("p");
    p.className = "frame" + (flags & APPLICATION ? " app" : " lib") + (flags & SITE ? " site" : "") + (flags & JDK ? " jdk" : "");
    p.textContent = frameText(data.frames[index]);
    return p;
  }

  // Draws a finding's stack once: shown frames as they are, each run of folded ones (JDK, test runner) as one
  // "... N JDK frames" line that opens to show them.
  function drawStack(finding) {
    var box = finding.querySelector(".stack");
    var stack = data.stacks[finding.dataset.id];
    if (!box || !stack || box.childElementCount > 0) { return; }
    var i = 0, n = stack.length / 2;
    while (i < n) {
      if (stack[2 * i + 1] & SHOWN) { box.appendChild(frameElement(stack[2 * i], stack[2 * i + 1])); i++; continue; }
      var fold = document.createElement("details");
      fold.className = "fold";
      var summary = document.createElement("summary");
      var start = i, allJdk = true;
      while (i < n && !(stack[2 * i + 1] & SHOWN)) {
        allJdk = allJdk && (stack[2 * i + 1] & JDK) !== 0;
        fold.appendChild(frameElement(stack[2 * i], stack[2 * i + 1]));
        i++;
      }
      var count = i - start;
      summary.textContent = "... " + count + (allJdk ? " JDK frame" : " frame") + (count === 1 ? "" : "s");
      fold.insertBefore(summary, fold.firstChild);
      box.appendChild(fold);
    }
  }

  main.addEventListener("toggle", function (e) {
    if (e.target.classList && e.target.classList.contains("finding") && e.target.open) { drawStack(e.target); }
  }, true);

  function apply() {
    var p = params();
    var sort = p.get("sort") || "count";
    var kinds = p.has("kind") ? p.get("kind").split(",") : null;
    var query = (p.get("q") || "").toLowerCase();
    var compare = comparator(sort);
    var shownFindings = 0, total = 0;
    // Only what changes is touched: with thousands of findings, every attribute set or node moved costs a
    // style recalculation, and the page as written is already in the default order.
    sites.forEach(function (site) {
      var findings = Array.prototype.slice.call(site.querySelectorAll(":scope > .finding"));
      var visible = 0, first = null;
      var sorted = findings.slice().sort(compare);
      sorted.forEach(function (f) {
        total++;
        var show = (!kinds || kinds.indexOf(f.dataset.kind) >= 0)
          && (!query || (site.querySelector("h2").textContent + " " + f.textContent + " " + stackText(f)).toLowerCase().indexOf(query) >= 0);
        if (f.hidden === show) { f.hidden = !show; }
        if (show) { visible++; first = first || f; }
      });
      reorder(site, findings, sorted);
      shownFindings += visible;
      if (site.hidden !== (visible === 0)) { site.hidden = visible === 0; }
      first = first || sorted[0];
      if (site.dataset.type !== first.dataset.type) { site.dataset.type = first.dataset.type; }
      if (site.dataset.kind !== first.dataset.kind) { site.dataset.kind = first.dataset.kind; }
    });
    var sortedSites = sites.slice().sort(compare);
    reorder(main, sites, sortedSites);
    sites = sortedSites;
    document.querySelectorAll("#controls a[data-sort]").forEach(function (a) {
      a.classList.toggle("active", a.dataset.sort === sort);
    });
    document.querySelectorAll(".kind-filter").forEach(function (box) { box.checked = !kinds || kinds.indexOf(box.value) >= 0; });
    var filter = document.getElementById("filter");
    if (filter && document.activeElement !== filter) { filter.value = p.get("q") || ""; }
    var counter = document.getElementById("shown");
    if (counter) { counter.textContent = shownFindings + " of " + total + " findings shown"; }
    main.dataset.sort = sort;
    if (p.has("open")) {
      var target = document.getElementById("f-" + p.get("open"));
      if (target) {
        target.open = true;
        drawStack(target);
        target.querySelectorAll("details.fold").forEach(function (d) { d.open = true; });
        target.scrollIntoView();
      }
    }
  }

  function reorder(parent, before, after) {
    for (var i = 0; i < before.length; i++) {
      if (before[i] !== after[i]) {
        after.forEach(function (node) { parent.appendChild(node); });
        return;
      }
    }
  }

  // The filter matches frames too, also of stacks not drawn yet.
  function stackText(finding) {
    var stack = data.stacks[finding.dataset.id];
    if (!stack) { return ""; }
    var text = [];
    for (var i = 0; i < stack.length; i += 2) { text.push(frameText(data.frames[stack[i]])); }
    return text.join(" ");
  }

  function update(key, value) {
    var p = params();
    if (value === null || value === "") { p.delete(key); } else { p.set(key, value); }
    p.delete("open");
    history.replaceState(null, "", "#" + p.toString());
    apply();
  }

  document.querySelectorAll("#controls a[data-sort]").forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); update("sort", a.dataset.sort); });
  });
  document.querySelectorAll(".kind-filter").forEach(function (box) {
    box.addEventListener("change", function () {
      var all = document.querySelectorAll(".kind-filter");
      var checked = Array.prototype.filter.call(all, function (b) { return b.checked; }).map(function (b) { return b.value; });
      update("kind", checked.length === all.length ? null : checked.join(","));
    });
  });
  var filter = document.getElementById("filter");
  var timer = null;
  if (filter) {
    filter.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { update("q", filter.value.trim()); }, 150);
    });
  }
  window.addEventListener("hashchange", apply);
  main.querySelectorAll(".finding[open]").forEach(drawStack);
  if (location.hash.length > 1) {
    apply();
  } else {
    // The page as written is the default view (every finding shown, most instances first): nothing to move.
    document.querySelector("#controls a[data-sort=count]").classList.add("active");
    document.getElementById("shown").textContent = main.querySelectorAll(".finding").length + " of "
      + main.querySelectorAll(".finding").length + " findings shown";
  }
  document.body.setAttribute("data-ready-ms", String(Math.round(performance.now())));
})();
