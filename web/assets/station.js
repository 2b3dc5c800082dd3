// bgplens web page: the station's views. The overview (live from the
// stream, each router's peers a page at a time), lookups and a peer's
// table (paged on the server with cursors: the page never loads a whole
// table), and the charts of the station's own series.
"use strict";

// Page sizes: peers per router (the stream's first page has as many) and
// paths or routes per page; ?peers= and ?limit= in the address change
// them.
const sizeParam = (name, dflt, max) => {
  const n = parseInt(new URLSearchParams(location.search).get(name), 10);
  return n > 0 ? Math.min(n, max) : dflt;
};
const peerPage = sizeParam("peers", 20, 100);
const pageSize = sizeParam("limit", 100, 1000);

// pager draws "Previous"/"Next" buttons and the page's place; prev and
// next are undefined when there is no such page.
function pager(id, label, prev, next) {
  return el("nav", { class: "pager", "aria-label": label },
    el("button", { type: "button", id: id + "-prev", disabled: !prev, onclick: prev }, "‹ Previous"),
    el("button", { type: "button", id: id + "-next", disabled: !next, onclick: next }, "Next ›"));
}

// replaceKeepingFocus swaps an element, putting the focus back on the
// control with the same id and keeping the same <details> open (the live
// view redraws what changed).
function replaceKeepingFocus(old, fresh) {
  const a = document.activeElement;
  const id = a && old.contains(a) ? a.id : "";
  // What the reader opened stays open (a peer's session details).
  const key = (d) => (d.closest("[data-peer]") || {}).dataset?.peer || "";
  const open = new Set([...old.querySelectorAll("details[open]")].map(key));
  fresh.querySelectorAll("details").forEach((d) => { if (open.has(key(d))) d.open = true; });
  old.replaceWith(fresh);
  let f = id && $(id);
  // A pager's button that no longer applies (the last page has no
  // "Next") hands the focus to the other one.
  if (f && f.disabled) f = f.parentElement.querySelector("button:not([disabled])");
  if (f) f.focus();
}

// ---- overview ----

const routers = new Map(); // name -> ROUTER of the stream
const peerPages = new Map(); // name -> {peers, next, cursor (of this page), stack (cursors of the pages before)}
const articles = new Map(); // name -> its <article>
const refetch = new Map(); // name -> timer: a later peer page to ask again

function onStream(name, data) {
  if (name === "overview") {
    routers.clear();
    peerPages.clear();
  }
  for (const r of data.routers || []) routers.set(r.name, r);
  for (const g of data.gone || []) {
    routers.delete(g);
    peerPages.delete(g);
  }
  const changed = new Set((data.routers || []).map((r) => r.name));
  for (const [r, peers] of Object.entries(data.peers || {})) {
    changed.add(r);
    const pp = peerPages.get(r);
    if (!pp || pp.stack.length === 0) {
      peerPages.set(r, { peers, next: (data.peers_next || {})[r] || "", cursor: "", stack: [] });
    } else if (!refetch.has(r)) {
      // A later page is shown: ask for it again, not at every event.
      refetch.set(r, setTimeout(() => {
        refetch.delete(r);
        const now = peerPages.get(r);
        if (now && now.stack.length) loadPeers(r, now.cursor, now.stack);
      }, 5000));
    }
  }
  drawOverview(name === "overview" ? null : changed, data.at);
}

let overviewAt = "";

function drawOverview(changed, at) {
  const names = [...routers.keys()].sort();
  if (at) overviewAt = at;
  $("overview-status").textContent = names.length + " router" + (names.length === 1 ? "" : "s") + ", updated " + when(overviewAt);
  const box = $("routers");
  for (const [n, a] of articles) {
    if (!routers.has(n)) {
      a.remove();
      articles.delete(n);
    }
  }
  let prev = null;
  for (const n of names) {
    let a = articles.get(n);
    if (!a || !changed || changed.has(n)) {
      const fresh = routerArticle(routers.get(n));
      if (a) replaceKeepingFocus(a, fresh);
      a = fresh;
      articles.set(n, a);
    }
    const want = prev ? prev.nextSibling : box.firstChild;
    if (want !== a) box.insertBefore(a, want);
    prev = a;
  }
}

// loadPeers shows the router's peer page after cursor; stack holds the
// cursors of the pages before it.
async function loadPeers(name, cursor, stack) {
  try {
    const res = await api("/api/v1/routers/" + encodeURIComponent(name) + "/peers?limit=" + peerPage + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    peerPages.set(name, { peers: res.peers || [], next: res.next_cursor || "", cursor, stack });
    drawOverview(new Set([name]));
  } catch (e) {
    $("overview-status").textContent = "Error: " + e.message;
  }
}

function rate(v) {
  return v === undefined || v === null ? "—" : (+v).toFixed(v < 10 ? 1 : 0);
}

function routerArticle(r) {
  const m = r.messages || {};
  const pp = peerPages.get(r.name) || { peers: [], next: "", cursor: "", stack: [] };
  const idx = [...routers.keys()].sort().indexOf(r.name);
  const first = pp.stack.length * peerPage;
  const q = "router=" + encodeURIComponent(r.name);
  return el("article", { class: "router", "data-router": r.name, "aria-label": "router " + r.name },
    el("h2", {}, r.name, " ", el("span", { class: r.connected ? "state-up" : "state-down" }, r.connected ? "connected" : "disconnected"),
      " ", el("a", { href: "/charts?" + q, class: "charts-link" }, "charts")),
    el("dl", { class: "facts" },
      fact("sysName", r.sys_name || ""), fact("address", r.address + (r.port ? " port " + r.port : "")),
      fact("connected since", when(r.connected_since)),
      r.connected ? fact("sysDescr", r.sys_descr || "") : fact("closed", when(r.disconnected_at) + " " + (r.close_reason || "")),
      fact("message rates", el("span", { class: "rates" }, r.messages_per_second === undefined
        ? (r.connected ? "measured every 10 s; none yet" : "—")
        : rate(r.messages_per_second) + " messages/s, " + rate(r.route_monitoring_per_second) + " route monitoring/s")),
      fact("messages", r.messages_total + " (" + Object.entries(m).map(([k, v]) => k + " " + v).join(", ") + ")", true),
      fact("routes", r.routes), fact("peers up", r.peers_up + " of " + r.peers)),
    el("h3", {}, r.peers + " peer" + (r.peers === 1 ? "" : "s"),
      r.peers > pp.peers.length ? el("span", { class: "muted" }, " (" + (first + 1) + "–" + (first + pp.peers.length) + " shown)") : null),
    el("div", { class: "scroll" }, el("table", { class: "peers cards" },
      el("caption", { class: "sr-only" }, "Peers of " + r.name),
      el("thead", {}, el("tr", {}, peerCols.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, pp.peers.map((p) => peerRow(r.name, p))))),
    pp.stack.length || pp.next ? pager("peers" + idx, "peers of " + r.name,
      pp.stack.length ? () => loadPeers(r.name, pp.stack[pp.stack.length - 1], pp.stack.slice(0, -1)) : undefined,
      pp.next ? () => loadPeers(r.name, pp.next, [...pp.stack, pp.cursor]) : undefined) : null);
}

function fact(name, value, wide) {
  return el("div", { class: wide ? "wide" : null }, el("dt", {}, name), el("dd", {}, value));
}

const peerCols = ["peer", "state", "AS", "since", "routes per table", "session", "last Peer Down"];

// session describes what the OPENs negotiated, and the mismatches the
// station found.
function session(p) {
  const u = p.peer_up;
  if (!u) return "";
  const sent = new Set((u.sent_open || {}).capabilities || []);
  const both = ((u.received_open || {}).capabilities || []).filter((c) => sent.has(c));
  const facts = [u.four_octet_as ? "4-octet AS" : "2-octet AS"];
  if (u.extended_messages) facts.push("extended messages");
  if ((u.add_path || []).length) facts.push("ADD-PATH " + u.add_path.join(", "));
  return el("details", {}, el("summary", {}, facts.join("; ")),
    el("div", {}, "capabilities both sent: " + both.join(", ")),
    (u.mismatches || []).map((m) => el("div", { class: "mismatch" }, "⚠ " + m)));
}

// peerQuery names a peer for the routes API: its address, and its type
// and RD when it is not a global instance peer.
function peerQuery(router, p) {
  let q = "router=" + encodeURIComponent(router) + "&peer=" + encodeURIComponent(p.peer_ip);
  if (p.peer_type && p.peer_type !== "global") q += "&peer_type=" + encodeURIComponent(p.peer_type);
  if (p.peer_distinguisher) q += "&peer_distinguisher=" + encodeURIComponent(p.peer_distinguisher);
  return q;
}

function peerRow(router, p) {
  const tables = (p.tables || []).map((t, i) => [i ? "; " : "",
    el("a", { href: "/routes?" + peerQuery(router, p) + "&rib=" + t.rib + (t.table_name ? "&table_name=" + encodeURIComponent(t.table_name) : ""), class: "table-link" },
      t.rib + (t.table_name ? " " + t.table_name : "") + ": " + t.routes), t.stale ? " (stale)" : ""]);
  let down = "";
  if (p.last_down) {
    const d = p.last_down;
    const n = d.notification;
    down = el("span", {}, when(d.at), " — ", d.reason || "",
      n ? el("div", {}, el("strong", {}, n.text), n.hex ? [" ", el("a", { href: "/decode#in=" + encodeURIComponent(n.hex), class: "explain-link" }, "explain")] : null) : null);
  }
  const row = el("tr", { "data-peer": p.id },
    el("td", { class: "mono" }, p.id, p.peer_type && p.peer_type !== "global" ? el("span", { class: "muted" }, " (" + p.peer_type + ")") : null),
    el("td", { class: "state-" + p.state }, p.state),
    el("td", { class: "num" }, p.peer_asn),
    el("td", {}, when(p.since)),
    el("td", {}, tables.flat()),
    el("td", {}, session(p)),
    el("td", {}, down));
  return labelled(row, peerCols);
}

// ---- routes: paths of a lookup, or a peer's table ----

const routeCols = ["prefix", "path id", "next hop", "AS path", "origin", "MED", "local pref", "communities", "large communities", "other"];
const routeSkip = new Set(["prefix", "path_id", "next_hop", "as_path", "as_path_count", "origin_as", "origin", "med", "local_pref", "communities", "large_communities"]);

function routeCells(r) {
  const other = Object.entries(r).filter(([k]) => !routeSkip.has(k)).map(([k, v]) => k + ": " + (Array.isArray(v) ? v.join(" ") : typeof v === "object" ? JSON.stringify(v) : v));
  return [el("td", { class: "mono" }, r.prefix), el("td", { class: "num" }, r.path_id),
    el("td", { class: "mono" }, r.next_hop || ""), el("td", { class: "mono" }, r.as_path || ""), el("td", {}, r.origin || ""),
    el("td", { class: "num" }, r.med ?? ""), el("td", { class: "num" }, r.local_pref ?? ""),
    el("td", { class: "mono" }, (r.communities || []).join(" ")), el("td", { class: "mono" }, (r.large_communities || []).join(" ")),
    el("td", {}, other.join("; "))];
}

// A paged query: go(cursor, stack) fetches a page with fetchPage and
// draws it with render, or shows the error in the elements id-status and
// id-result; the stack of the cursors of the pages before gives
// "Previous".
function paged(fetchPage, render, id) {
  const st = { stack: [], cursor: "", next: "", asked: 0 };
  // load returns null for an answer overtaken by a later request.
  st.load = async (cursor, stack) => {
    const n = ++st.asked;
    const res = await fetchPage(cursor);
    if (n !== st.asked) return null;
    st.cursor = cursor;
    st.stack = stack;
    st.next = res.next_cursor || "";
    return res;
  };
  // go shows the page at cursor, or the error in id's status and result.
  st.go = async (cursor, stack) => {
    try {
      const res = await st.load(cursor, stack);
      if (res) render(res);
    } catch (e) {
      $(id + "-status").textContent = "Error: " + e.message;
      $(id + "-result").replaceChildren();
    }
  };
  st.prev = () => st.stack.length ? () => st.go(st.stack[st.stack.length - 1], st.stack.slice(0, -1)) : undefined;
  st.nextFn = () => st.next ? () => st.go(st.next, [...st.stack, st.cursor]) : undefined;
  return st;
}

let lookupQuery = null;
let lookupPages = null;

function lookupURL(cursor) {
  const { q, mode } = lookupQuery;
  return "/api/v1/lookup?prefix=" + encodeURIComponent(q) + "&mode=" + encodeURIComponent(mode) + "&limit=" + pageSize + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
}

async function runLookup() {
  if (!lookupQuery) return;
  if (!lookupPages) {
    lookupPages = paged((c) => api(lookupURL(c)), renderLookup, "lookup");
  }
  await lookupPages.go(lookupPages.cursor, lookupPages.stack);
  try {
    renderHistory(await api("/api/v1/history?prefix=" + encodeURIComponent(lookupQuery.q)));
  } catch (e) {
    $("lookup-history").replaceChildren(el("p", {}, "Error: " + e.message));
  }
}

function renderLookup(res) {
  const ms = res.matches || [];
  const from = lookupPages.stack.length * pageSize;
  const more = lookupPages.stack.length || res.next_cursor;
  $("lookup-status").textContent = (more ? "paths " + (ms.length ? from + 1 : 0) + "–" + (from + ms.length) : ms.length + " path" + (ms.length === 1 ? "" : "s")) +
    " for " + res.prefix + " (" + res.mode + ")" + (res.next_cursor ? "; more on the next page" : "");
  const cols = ["router", "peer", "table", "family", ...routeCols];
  const rows = ms.map((m) => labelled(el("tr", { class: "path", "data-table": m.rib, "data-peer": m.peer },
    el("td", {}, m.router), el("td", { class: "mono" }, m.peer), el("td", {}, m.rib + (m.table_name ? " " + m.table_name : "")),
    el("td", {}, m.family), routeCells(m.route || {})), cols));
  const old = $("lookup-result");
  const fresh = el("div", { id: "lookup-result" }, ms.length ? el("div", { class: "scroll" }, el("table", { id: "paths", class: "cards" },
    el("caption", { class: "muted" }, "Paths from every peer and table"),
    el("thead", {}, el("tr", {}, cols.map((c) => el("th", { scope: "col" }, c)))), el("tbody", {}, rows))) : "",
  more ? pager("paths", "pages of paths", lookupPages.prev(), lookupPages.nextFn()) : null);
  replaceKeepingFocus(old, fresh);
}

// renderHistory draws the prefix's recent changes, newest first.
function renderHistory(h) {
  const cs = h.changes || [];
  const cols = ["at", "action", "router", "peer", "table", "AS path", "next hop"];
  $("lookup-history").replaceChildren(el("h2", {}, "Recent changes of " + h.prefix),
    cs.length ? el("div", { class: "scroll" }, el("table", { id: "changes", class: "cards" },
      el("thead", {}, el("tr", {}, cols.map((c) => el("th", { scope: "col" }, c)))),
      el("tbody", {}, cs.map((c) => labelled(el("tr", { class: "change", "data-action": c.action, "data-table": c.rib, "data-peer": c.peer },
        el("td", {}, when(c.at)), el("td", { class: c.action === "withdraw" ? "state-down" : "state-up" }, c.action), el("td", {}, c.router),
        el("td", { class: "mono" }, c.peer), el("td", {}, c.rib + (c.table_name ? " " + c.table_name : "")),
        el("td", { class: "mono" }, (c.route || {}).as_path || ""), el("td", { class: "mono" }, (c.route || {}).next_hop || "")), cols)))))
      : el("p", { class: "muted" }, "No change kept for this prefix."));
}

// A peer's table, /routes?router=&peer=&rib=&family=&prefix=&mode=.
let tablePages = null;
let tableQuery = null;

function startRoutes() {
  const q = new URLSearchParams(location.search);
  for (const k of ["prefix", "mode", "family"]) if (q.get(k)) $("rt-" + k).value = q.get(k);
  const ask = () => {
    const p = new URLSearchParams();
    for (const k of ["router", "peer", "peer_type", "peer_distinguisher", "rib", "table_name"]) if (q.get(k)) p.set(k, q.get(k));
    for (const k of ["prefix", "mode", "family"]) if ($("rt-" + k).value) p.set(k, $("rt-" + k).value);
    return p;
  };
  $("routes-title").textContent = "Routes of peer " + (q.get("peer") || "?") + " of " + (q.get("router") || "?") + (q.get("rib") ? ", " + q.get("rib") : "");
  // The query of the pages shown: the form's when it was submitted (a
  // cursor belongs to its query, not to what the form says now).
  tableQuery = ask();
  tablePages = paged((cursor) => {
    const p = new URLSearchParams(tableQuery);
    if (!p.get("prefix")) p.delete("mode");
    const path = "/api/v1/routers/" + encodeURIComponent(p.get("router") || "") + "/peers/" + encodeURIComponent(p.get("peer") || "") + "/routes?";
    p.delete("router");
    p.delete("peer");
    p.set("limit", pageSize);
    if (cursor) p.set("cursor", cursor);
    return api(path + p.toString());
  }, renderRoutes, "routes");
  $("routes-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    tableQuery = ask();
    history.replaceState(null, "", "/routes?" + tableQuery.toString());
    tablePages.go("", []);
  });
  tablePages.go("", []);
}

function renderRoutes(res) {
  const fam = $("rt-family");
  const fams = (res.families || []).map((f) => f.family);
  if (fams.length && [...fam.options].map((o) => o.value).join() !== fams.join()) {
    const keep = res.family;
    fam.replaceChildren(...fams.map((f) => el("option", { value: f }, f)));
    fam.value = keep;
  }
  const total = ((res.families || []).find((f) => f.family === res.family) || {}).routes;
  const rs = res.routes || [];
  const from = tablePages.stack.length * pageSize;
  $("routes-status").textContent = "routes " + (rs.length ? from + 1 : 0) + "–" + (from + rs.length) +
    (tableQuery.get("prefix") ? " under " + tableQuery.get("prefix") : total !== undefined ? " of " + total : "") + " (" + res.rib + " " + res.family + ")";
  const old = $("routes-result");
  const fresh = el("div", { id: "routes-result" }, rs.length ? el("div", { class: "scroll" }, el("table", { id: "table-routes", class: "cards" },
    el("caption", { class: "muted" }, "Routes, in prefix order"),
    el("thead", {}, el("tr", {}, routeCols.map((c) => el("th", { scope: "col" }, c)))),
    el("tbody", {}, rs.map((r) => labelled(el("tr", { class: "route", "data-prefix": r.prefix }, routeCells(r)), routeCols))))) : el("p", { class: "muted" }, "No route."),
  pager("routes", "pages of routes", tablePages.prev(), tablePages.nextFn()));
  replaceKeepingFocus(old, fresh);
}

// ---- charts: /charts?router=&peer= ----

let lastSeries = null;

async function drawCharts() {
  const router = new URLSearchParams(location.search).get("router") || "";
  $("charts-title").textContent = "Charts of " + router;
  try {
    lastSeries = await api("/api/v1/series?router=" + encodeURIComponent(router));
  } catch (e) {
    $("charts-status").textContent = "Error: " + e.message;
    return;
  }
  renderCharts(lastSeries, router);
}

// renderCharts draws the series at the view's width (again when the
// window's width changes: the SVG text keeps its size).
function renderCharts(res, router) {
  const q = new URLSearchParams(location.search);
  const all = res.series || [];
  const peers = [...new Set(all.filter((s) => s.peer).map((s) => s.peer))].sort();
  const sel = $("chart-peer");
  if ([...sel.options].map((o) => o.value).join() !== peers.join()) {
    const keep = sel.value || q.get("peer") || "";
    sel.replaceChildren(...peers.map((p) => el("option", { value: p }, p)));
    sel.value = peers.includes(keep) ? keep : peers.find((p) => all.some((s) => s.peer === p && s.kind === "stat")) || peers[0] || "";
  }
  const peer = sel.value;
  const width = Math.min(900, $("view-charts").clientWidth - 8);
  $("charts-status").textContent = res.times.length + " samples, one every " + res.step_seconds + " s (the last " + res.max_points + " kept)" +
    (res.series_dropped ? "; " + res.series_dropped + " samples over the station's cap of " + res.max_series + " series not kept" : "");
  const pick = (f) => all.filter(f);
  const label = (s) => s.label || s.name || s.kind;
  const rates = pick((s) => !s.peer).map((s) => ({ label: s.kind === "messages" ? "messages" : "route monitoring", offset: s.offset, values: s.values }));
  const routes = pick((s) => s.kind === "routes" && (s.peer === peer || peers.length <= 6));
  const stats = pick((s) => s.kind === "stat" && s.peer === peer);
  const old = $("charts");
  const fresh = el("div", { id: "charts" },
    lineChart({ id: "chart-rates", title: "Message rates of " + router, unit: "per second", times: res.times, series: rates, width }),
    lineChart({ id: "chart-routes", title: "Routes per peer" + (peers.length > 6 ? " (" + peer + ")" : ""), unit: "routes", times: res.times, width,
      series: routes.map((s) => ({ label: s.peer + " " + s.name, offset: s.offset, values: s.values })) }),
    el("h2", {}, "Statistics Reports of " + (peer || "no peer")),
    stats.length ? el("div", { class: "chart-grid" }, stats.map((s) => lineChart({ id: "chart-stat-" + s.name.replace(/[^\w]+/g, "-"), title: s.name.split(" ")[0] + ": " + label(s) + (s.name.split(" ")[2] ? " " + s.name.split(" ")[2] : ""),
      unit: "count", times: res.times, width: Math.min(width, 440), series: [{ label: peer, offset: s.offset, values: s.values }] })))
      : el("p", { class: "muted" }, "No Statistics Report from this peer yet."));
  replaceKeepingFocus(old, fresh);
}

function startCharts() {
  const q0 = new URLSearchParams(location.search);
  $("chart-peer").addEventListener("change", () => {
    const q = new URLSearchParams(location.search);
    q.set("peer", $("chart-peer").value);
    history.replaceState(null, "", "/charts?" + q.toString());
    if (lastSeries) renderCharts(lastSeries, q0.get("router") || "");
  });
  drawCharts();
  setInterval(drawCharts, 10000); // the station samples every 10 s
  let resize = null;
  window.addEventListener("resize", () => {
    clearTimeout(resize);
    resize = setTimeout(() => { if (lastSeries) renderCharts(lastSeries, q0.get("router") || ""); }, 100);
  });
}

// ---- start ----

function start() {
  const path = location.pathname;
  if (path === "/decode" || !station) {
    show("decode");
    const frag = new URLSearchParams(location.hash.slice(1));
    if (frag.get("as")) $("as").value = frag.get("as");
    if (frag.get("in")) {
      $("input").value = frag.get("in");
      runDecode(frag.get("in"));
    }
    return;
  }
  if (path === "/routes") {
    show("routes");
    startRoutes();
    return;
  }
  if (path === "/charts") {
    show("charts");
    startCharts();
    return;
  }
  if (path === "/lookup") {
    show("lookup");
    const q = new URLSearchParams(location.search);
    if (q.get("mode")) $("mode").value = q.get("mode");
    if (q.get("q")) {
      $("q").value = q.get("q");
      lookupQuery = { q: q.get("q"), mode: $("mode").value };
      runLookup();
      // The live stream says when the station changed: look again (the
      // page shown, at most every 300 ms).
      let pending = false;
      liveHandlers.push((name) => {
        if (name !== "update" || pending) return;
        pending = true;
        setTimeout(() => { pending = false; runLookup(); }, 300);
      });
    }
    startLive();
    return;
  }
  show("overview");
  liveHandlers.push(onStream);
  startLive();
}

start();
