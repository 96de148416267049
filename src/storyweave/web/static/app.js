// storyweave web app: opens a cited sentence in its article beside the brief.
// Article text is only ever put into the page with textContent, never as HTML.
"use strict";
(function () {
  var cache = {};

  function fetchArticle(id) {
    if (!cache[id]) {
      cache[id] = fetch("/api/articles/" + encodeURIComponent(id), {headers: {"Accept": "application/json"}})
        .then(function (r) {
          if (!r.ok) { return r.json().then(function (e) { throw new Error(e.error || ("HTTP " + r.status)); }); }
          return r.json();
        });
      cache[id].catch(function () { delete cache[id]; });
    }
    return cache[id];
  }

  // Offsets count Unicode code points (Python's str indices), so walk code points, not UTF-16 units.
  function renderText(body, text, start, end) {
    body.textContent = "";
    var first = null, pos = 0;
    text.split("\n").forEach(function (para) {
      var chars = Array.from(para), pStart = pos, pEnd = pos + chars.length;
      pos = pEnd + 1;
      if (!para.trim()) { return; }
      var p = document.createElement("p");
      if (start < pEnd && end > pStart) {
        var a = Math.max(start, pStart) - pStart, b = Math.min(end, pEnd) - pStart;
        p.appendChild(document.createTextNode(chars.slice(0, a).join("")));
        var mark = document.createElement("mark");
        mark.textContent = chars.slice(a, b).join("");
        p.appendChild(mark);
        p.appendChild(document.createTextNode(chars.slice(b).join("")));
        if (!first) { first = mark; mark.className = "cited"; }
      } else {
        p.textContent = para;
      }
      body.appendChild(p);
    });
    return first;
  }

  function openCitation(link) {
    var reader = document.getElementById("reader");
    if (!reader) { return false; }
    var id = link.getAttribute("data-article");
    var start = parseInt(link.getAttribute("data-start"), 10), end = parseInt(link.getAttribute("data-end"), 10);
    var body = reader.querySelector(".reader-body");
    reader.hidden = false;
    document.body.classList.add("reading");
    reader.querySelector(".reader-title").textContent = "[" + link.getAttribute("data-n") + "] …";
    body.textContent = "Loading…";
    document.querySelectorAll("a.cite.active").forEach(function (a) { a.classList.remove("active"); });
    link.classList.add("active");
    fetchArticle(id).then(function (art) {
      reader.querySelector(".reader-title").textContent =
        "[" + link.getAttribute("data-n") + "] " + (art.title || art.path || art.id);
      reader.querySelector(".reader-meta").textContent =
        [art.outlet, (art.published || "").slice(0, 10)].filter(Boolean).join(" · ");
      reader.querySelector(".reader-open").setAttribute("href", link.getAttribute("href"));
      var mark = renderText(body, art.text || "", start, end);
      if (mark) { mark.scrollIntoView({block: "center"}); }
    }).catch(function (err) {
      body.textContent = "Could not load the article: " + err.message;
    });
    return true;
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest && ev.target.closest("a.cite");
    if (link && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey && ev.button === 0) {
      if (openCitation(link)) { ev.preventDefault(); }
      return;
    }
    if (ev.target.closest && ev.target.closest(".reader-close")) {
      document.getElementById("reader").hidden = true;
      document.body.classList.remove("reading");
    }
  });

  // "New since my last visit": the date of the reader's last visit to a story page stays
  // in this browser (localStorage), never on the server; the link asks for ?since=DATE.
  function lastVisit() {
    var link = document.querySelector("a.since-visit");
    if (!link || !window.localStorage) { return; }
    var key = "storyweave:visit:" + link.getAttribute("data-story");
    var today = new Date().toISOString().slice(0, 10), seen = null;
    try { seen = localStorage.getItem(key); localStorage.setItem(key, today); } catch (e) { return; }
    if (seen && /^\d{4}-\d{2}-\d{2}$/.test(seen)) {
      link.setAttribute("href", "?since=" + seen);
      link.textContent = "new since my last visit (" + seen + ")";
      link.hidden = false;
    }
  }
  lastVisit();

  document.addEventListener("submit", function (ev) {
    var busy = ev.target.querySelector && ev.target.querySelector(".busy");
    if (busy) { busy.hidden = false; }
  });
})();
