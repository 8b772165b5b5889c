/* imsdoc default theme: offline search and the version switcher.
 *
 * Works from file://, from an extracted zip and from a web server: data comes from classic
 * scripts (search-index.js, ../versions.js, ../<version>/pages.js), never from fetch/XHR,
 * which browsers block on file://. No inline script: the pages' Content-Security-Policy
 * allows scripts from the site only. Text is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  // The version's root URL: this file is <root>assets/imsdoc.js.
  var root = script ? script.src.replace(/assets\/imsdoc\.js(\?.*)?$/, "") : "";

  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute("content") : "";
  }

  function loadScript(url, onload, onerror) {
    var s = document.createElement("script");
    s.src = url;
    s.onload = onload;
    s.onerror = onerror || function () {};
    document.head.appendChild(s);
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* ---- search ------------------------------------------------------------------------ */

  function queryParam(name) {
    var m = new RegExp("[?&]" + name + "=([^&#]*)").exec(window.location.search);
    if (!m) return "";
    try {
      return decodeURIComponent(m[1].replace(/\+/g, " "));
    } catch (e) {
      return "";
    }
  }

  function tokens(q) {
    return q.toLowerCase().split(/\s+/).map(function (t) {
      return t.replace(/^[^\w]+|[^\w]+$/g, "");
    }).filter(function (t) { return t.length > 0; });
  }

  // One document of the index, with lower-cased copies for matching.
  function prepare(index) {
    var f = {};
    index.fields.forEach(function (name, i) { f[name] = i; });
    return index.docs.map(function (d, order) {
      return {
        url: d[f.url], kind: d[f.kind], label: d[f.label], title: d[f.title], text: d[f.text],
        l: d[f.label].toLowerCase(), t: d[f.title].toLowerCase(), x: d[f.text].toLowerCase(),
        order: order
      };
    });
  }

  function wordStart(hay, word) {
    var i = hay.indexOf(word);
    while (i >= 0) {
      if (i === 0 || /[^a-z0-9]/.test(hay.charAt(i - 1))) return true;
      i = hay.indexOf(word, i + 1);
    }
    return false;
  }

  // Every word must occur somewhere; an id or number beats a title, which beats the text.
  function score(doc, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], s = 0;
      if (doc.l === w) s += 100;
      else if (doc.l.indexOf(w) >= 0) s += 40;
      if (wordStart(doc.t, w)) s += 20;
      else if (doc.t.indexOf(w) >= 0) s += 8;
      if (doc.x.indexOf(w) >= 0) s += wordStart(doc.x, w) ? 2 : 1;
      if (s === 0) return 0;
      total += s;
    }
    if (doc.kind === "section") total += 1;
    return total;
  }

  function snippet(doc, words) {
    var at = -1;
    for (var i = 0; i < words.length && at < 0; i++) at = doc.x.indexOf(words[i]);
    if (at < 0) return doc.text.slice(0, 160) + (doc.text.length > 160 ? "…" : "");
    var from = Math.max(0, at - 60);
    var to = Math.min(doc.text.length, at + 120);
    return (from > 0 ? "…" : "") + doc.text.slice(from, to) + (to < doc.text.length ? "…" : "");
  }

  // Appends `text` to `parent` with the query words marked.
  function appendMarked(parent, text, words) {
    var lower = text.toLowerCase(), pos = 0;
    while (pos < text.length) {
      var next = -1, len = 0;
      words.forEach(function (w) {
        var i = lower.indexOf(w, pos);
        if (i >= 0 && (next < 0 || i < next)) { next = i; len = w.length; }
      });
      if (next < 0) break;
      if (next > pos) parent.appendChild(document.createTextNode(text.slice(pos, next)));
      parent.appendChild(el("mark", "", text.slice(next, next + len)));
      pos = next + len;
    }
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  var KIND_NAMES = {section: "Section", entry: "Register entry", register: "Register",
                    clause: "Clause or control"};

  function runSearch(docs, q, status, list) {
    var words = tokens(q);
    list.textContent = "";
    if (words.length === 0) {
      status.textContent = "Type a word, a section number, a register id or a clause.";
      return;
    }
    var hits = [];
    docs.forEach(function (d) {
      var s = score(d, words);
      if (s > 0) hits.push({doc: d, score: s});
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc.order - b.doc.order; });
    var shown = hits.slice(0, 50);
    status.textContent = hits.length === 0 ? "No results for \u201c" + q + "\u201d." :
        hits.length + (hits.length === 1 ? " result" : " results") + " for \u201c" + q +
        "\u201d" + (hits.length > shown.length ? ", the first " + shown.length + " shown." : ".");
    shown.forEach(function (h) {
      var d = h.doc;
      var li = el("li", "search-result search-result-" + d.kind);
      var a = el("a", "search-result-link");
      a.href = root + d.url;
      if (d.label) a.appendChild(el("span", "num", d.label));
      var title = el("span", "search-result-title");
      appendMarked(title, d.title, words);
      a.appendChild(title);
      li.appendChild(a);
      li.appendChild(el("span", "search-result-kind", KIND_NAMES[d.kind] || d.kind));
      if (d.text) {
        var p = el("p", "search-result-snippet");
        appendMarked(p, snippet(d, words), words);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  function setUpSearchForms() {
    var forms = document.querySelectorAll("form[data-imsdoc-search]");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var input = form.querySelector("input[name=q]");
        window.location.href = root + "search.html?q=" + encodeURIComponent(input.value);
      });
    });
  }

  function setUpSearchPage() {
    var input = document.getElementById("imsdoc-search-input");
    var status = document.getElementById("imsdoc-search-status");
    var list = document.getElementById("imsdoc-search-results");
    if (!input || !status || !list) return;
    if (!window.imsdocSearchIndex) {
      status.textContent = "The search index (search-index.js) could not be loaded.";
      return;
    }
    var docs = prepare(window.imsdocSearchIndex);
    input.value = queryParam("q");
    runSearch(docs, input.value, status, list);
    input.addEventListener("input", function () { runSearch(docs, input.value, status, list); });
    input.focus();
  }

  /* ---- versions ---------------------------------------------------------------------- */

  var pageLists = {};  // version -> pages, filled by <version>/pages.js
  var pageListWaiters = {};

  window.imsdocPagesLoaded = function (version, pages) {
    pageLists[version] = pages;
    (pageListWaiters[version] || []).forEach(function (f) { f(pages); });
    pageListWaiters[version] = [];
  };

  // Calls back with the pages of `dir` (a version directory), or [] if it has no list.
  function withPages(dir, version, callback) {
    if (pageLists[version]) return callback(pageLists[version]);
    (pageListWaiters[version] = pageListWaiters[version] || []).push(callback);
    loadScript(root + "../" + dir + "/pages.js", null, function () { callback([]); });
  }

  // The same page in another version, if that version has it, else its home page.
  function samePageIn(dir, pages) {
    var page = meta("imsdoc-page") || "index.html";
    return root + "../" + dir + "/" + (pages.indexOf(page) >= 0 ? page : "index.html");
  }

  function setUpVersions(data) {
    var current = meta("imsdoc-version");
    if (!data || !data.versions || data.versions.indexOf(current) < 0) return;
    var box = document.querySelector("[data-imsdoc-version-switch]");
    var select = document.getElementById("imsdoc-version-select");
    var label = document.querySelector("[data-imsdoc-version-label]");
    if (box && select && data.versions.length > 1) {
      data.versions.forEach(function (v) {
        var option = el("option", "", "Version " + v + (v === data.latest ? " (latest)" : ""));
        option.value = v;
        option.selected = v === current;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        var target = select.value;
        withPages(target, target, function (pages) {
          window.location.href = samePageIn(target, pages);
        });
      });
      box.hidden = false;
      if (label) label.hidden = true;
    }
    var banner = document.querySelector("[data-imsdoc-version-banner]");
    if (banner && current !== data.latest) {
      banner.appendChild(document.createTextNode(
          "You are reading version " + current + " of this manual. The current version is " +
          data.latest + ": "));
      var link = el("a", "", "read this page in version " + data.latest);
      link.href = root + "../" + data.latest_dir + "/index.html";
      banner.appendChild(link);
      banner.appendChild(document.createTextNode("."));
      banner.hidden = false;
      withPages(data.latest_dir, data.latest, function (pages) {
        link.href = samePageIn(data.latest_dir, pages);
      });
    }
  }

  function start() {
    setUpSearchForms();
    setUpSearchPage();
    loadScript(root + "../versions.js", function () { setUpVersions(window.imsdocVersions); });
  }

  // A deferred script runs before DOMContentLoaded, and before the deferred scripts after it
  // (search-index.js on the search page): start once they have all run.
  if (document.readyState === "complete") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
