// bgplens web page: what every view shares (the API and its token, the
// live stream, the elements), and the decoder. The station's views are in
// station.js, the charts in charts.js; start() (station.js) picks the view.
// Plain JavaScript, no framework, no build step. Everything shown comes
// from the documented JSON API (docs/station.md); data is always inserted
// as text, never as HTML.
"use strict";

const station = document.body.dataset.mode === "station";
const $ = (id) => document.getElementById(id);

// el builds an element: el("td", {class: "num"}, "12", child, ...).
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat()) {
    if (k === undefined || k === null) continue;
    e.append(k instanceof Node ? k : String(k));
  }
  return e;
}

// ---- the API, with the station's bearer token ----

const tokenKey = "bgplens-token";
let tokenWaiters = [];

function askToken() {
  const f = $("token-form");
  f.hidden = false;
  $("token").focus();
  return new Promise((resolve) => tokenWaiters.push(resolve));
}

$("token-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  sessionStorage.setItem(tokenKey, $("token").value);
  $("token-form").hidden = true;
  const w = tokenWaiters;
  tokenWaiters = [];
  w.forEach((r) => r());
});

function authHeaders(extra) {
  const h = Object.assign({}, extra);
  const t = sessionStorage.getItem(tokenKey);
  if (t) h.Authorization = "Bearer " + t;
  return h;
}

// api fetches a path of the API and returns its JSON; a 401 asks for the
// token and tries again; other errors throw the API's message.
async function api(path, opts) {
  opts = opts || {};
  for (;;) {
    const resp = await fetch(path, Object.assign({}, opts, { headers: authHeaders(opts.headers) }));
    if (resp.status === 401) {
      await askToken();
      continue;
    }
    const body = await resp.json().catch(() => ({ error: "not JSON (status " + resp.status + ")" }));
    if (!resp.ok) throw new Error(body.error || "status " + resp.status);
    return body;
  }
}

// stream reads the server-sent events of path (GET /api/v1/stream) with
// fetch, which, unlike EventSource, can send the token. It reconnects
// after an error; onEvent gets (name, parsed data).
async function stream(path, onEvent, onState) {
  for (;;) {
    try {
      const resp = await fetch(path, { headers: authHeaders({ Accept: "text/event-stream" }) });
      if (resp.status === 401) {
        await askToken();
        continue;
      }
      if (!resp.ok || !resp.body) throw new Error("status " + resp.status);
      onState("live");
      const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let name = "message", data = "";
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) name = line.slice(6).trim();
            else if (line.startsWith("data:")) data += line.slice(5).trim();
          }
          if (data) onEvent(name, JSON.parse(data));
        }
      }
      onState("reconnecting");
    } catch (e) {
      onState("reconnecting (" + e.message + ")");
    }
    await new Promise((r) => setTimeout(r, 3000));
  }
}

// ---- views ----

// labelled names each cell of a row after its column, for the narrow
// layout where a row becomes a card.
function labelled(row, cols) {
  [...row.children].forEach((td, i) => td.setAttribute("data-label", cols[i]));
  return row;
}

function when(t) {
  if (!t) return "";
  const d = new Date(t);
  return isNaN(d) ? t : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

let liveHandlers = [];
let streaming = false;

function startLive() {
  if (streaming || !station) return;
  streaming = true;
  stream("/api/v1/stream?peers=" + peerPage, (name, data) => {
    liveHandlers.forEach((h) => h(name, data));
  }, (state) => { $("live").textContent = "● " + state; });
}

function show(view) {
  for (const v of ["overview", "lookup", "routes", "charts", "decode"]) $("view-" + v).hidden = v !== view;
  document.querySelectorAll("nav a").forEach((a) => {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
}


// ---- decoder ----

// rfcLinks turns "RFC 4271 §4.3" into links to the RFC's section on
// rfc-editor.org.
function rfcLinks(ref) {
  const out = [];
  let last = 0;
  const re = /RFC\s?(\d+)(?:\s*§\s*([\dA-Z][\d.]*\d|[\dA-Z]))?/g;
  let m;
  while ((m = re.exec(ref))) {
    out.push(ref.slice(last, m.index));
    let url = "https://www.rfc-editor.org/rfc/rfc" + m[1] + ".html";
    if (m[2]) url += (/^[A-Z]/.test(m[2]) ? "#appendix-" : "#section-") + m[2];
    out.push(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, m[0]));
    last = m.index + m[0].length;
  }
  out.push(ref.slice(last));
  return out;
}

function valueText(v) {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.map(valueText).join(" ");
  if (typeof v === "object") return Object.entries(v).map(([k, x]) => k + " " + valueText(x)).join(", ");
  return String(v);
}

// explanationView draws one explanation: diagnosis, errors, the hex view
// and the field tree, linked both ways.
function explanationView(x, idx) {
  const octets = [];
  for (let i = 0; i + 1 < (x.hex || "").length; i += 2) octets.push(x.hex.slice(i, i + 2));
  const nodes = []; // every node, in tree order (a parent before its fields)
  const bad = new Set();
  (x.errors || []).forEach((e) => bad.add(e.offset));
  const walk = (n, depth) => {
    n.depth = depth;
    nodes.push(n);
    if (n.problem) for (let i = n.offset; i < n.offset + Math.max(n.length, 1); i++) bad.add(i);
    (n.fields || []).forEach((c) => walk(c, depth + 1));
  };
  (x.messages || []).forEach((m) => walk(m, 0));

  const per = window.innerWidth < 600 ? 8 : 16;
  const octetEls = [];
  const rows = [];
  for (let r = 0; r < octets.length; r += per) {
    const row = el("div", {}, el("span", { class: "off", "aria-hidden": "true" }, r.toString(16).padStart(4, "0")));
    for (let i = r; i < Math.min(r + per, octets.length); i++) {
      const o = el("span", { class: "o" + ((i % 8 === 7) ? " g" : "") + (bad.has(i) ? " bad" : ""), "data-off": i }, octets[i]);
      octetEls.push(o);
      row.append(o);
    }
    rows.push(row);
  }
  const hex = el("div", { class: "hex", role: "group", tabindex: 0, "aria-label": "octets: arrow keys move through them and select their field" }, rows);

  const detail = el("dl", { class: "detail", "aria-live": "polite" });
  const buttons = new Map();
  let selected = null;
  const mark = (n, cls) => {
    document.querySelectorAll("#x" + idx + " ." + cls).forEach((e) => e.classList.remove(cls));
    if (!n) return;
    buttons.get(n).classList.add(cls);
    for (let i = n.offset; i < n.offset + n.length && i < octetEls.length; i++) octetEls[i].classList.add(cls);
  };
  const describe = (n) => {
    const items = [["field", n.label ? n.label + " (" + n.field + ")" : n.field], ["octets", n.length ? "offset " + n.offset + ", " + n.length + " octet" + (n.length === 1 ? "" : "s") : "none (stated in words)"]];
    if (n.value !== undefined) items.push(["value", valueText(n.value)]);
    if (n.meaning) items.push(["meaning", n.meaning]);
    if (n.ref) items.push(["RFC", rfcLinks(n.ref)]);
    if (n.problem) items.push(["problem", el("span", { class: "problem" }, n.problem)]);
    detail.replaceChildren(...items.flatMap(([k, v]) => [el("dt", {}, k), el("dd", { "data-k": k }, v)]));
  };
  const select = (n, focus) => {
    selected = n;
    mark(n, "sel");
    describe(n);
    if (focus) buttons.get(n).focus();
  };
  // deepest returns the innermost node covering octet i.
  const deepest = (i) => {
    let best = null;
    for (const n of nodes) if (n.length > 0 && i >= n.offset && i < n.offset + n.length && (!best || n.depth >= best.depth)) best = n;
    return best;
  };
  const item = (n) => {
    const b = el("button", { type: "button", class: "node" + (n.problem ? " problem" : ""), "data-field": n.field, "data-off": n.offset, "data-len": n.length,
      "aria-label": (n.label || n.field) + (n.problem ? ", problem: " + n.problem : "") },
      n.label || n.field, el("span", { class: "v" }, valueText(n.value).slice(0, 60)));
    b.addEventListener("mouseenter", () => mark(n, "hl"));
    b.addEventListener("mouseleave", () => mark(null, "hl"));
    b.addEventListener("focus", () => select(n, false));
    b.addEventListener("click", () => select(n, false));
    b.addEventListener("keydown", (ev) => {
      const i = nodes.indexOf(n);
      if (ev.key === "ArrowDown" && i + 1 < nodes.length) { select(nodes[i + 1], true); ev.preventDefault(); }
      if (ev.key === "ArrowUp" && i > 0) { select(nodes[i - 1], true); ev.preventDefault(); }
    });
    buttons.set(n, b);
    const kids = n.fields || [];
    return el("li", {}, b, kids.length ? el("ul", { role: "group" }, kids.map(item)) : null);
  };
  const tree = el("ul", { class: "tree", "aria-label": "fields" }, (x.messages || []).map(item));
  hex.addEventListener("mouseover", (ev) => {
    const off = ev.target.dataset && ev.target.dataset.off;
    if (off !== undefined) mark(deepest(+off), "hl");
  });
  hex.addEventListener("mouseleave", () => mark(null, "hl"));
  // Keyboard: the arrows move through the octets, selecting each one's
  // field, as clicking does.
  let cursor = -1;
  hex.addEventListener("keydown", (ev) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: per, ArrowUp: -per }[ev.key];
    if (step === undefined || !octetEls.length) return;
    ev.preventDefault();
    if (cursor >= 0) octetEls[cursor].classList.remove("cur");
    cursor = Math.min(octetEls.length - 1, Math.max(0, cursor < 0 ? 0 : cursor + step));
    octetEls[cursor].classList.add("cur");
    const n = deepest(cursor);
    if (n) select(n, false);
  });
  hex.addEventListener("click", (ev) => {
    const off = ev.target.dataset && ev.target.dataset.off;
    const n = off !== undefined && deepest(+off);
    if (n) select(n, true);
  });

  const diag = x.diagnosis || [];
  const errs = x.errors || [];
  const first = (x.messages || [])[0];
  const title = (x.line && x.line.error) || (first && (first.label || first.field)) || "no message found";
  const view = el("section", { id: "x" + idx, class: "explanation", "aria-label": "explanation " + (idx + 1) },
    el("h2", {}, title),
    diag.length || errs.length ? el("div", { class: "diagnosis", role: "note" },
      diag.length ? el("ul", {}, diag.map((d) => el("li", {}, d))) : null,
      errs.length ? el("ul", { class: "errors" }, errs.map((e) => el("li", {}, "offset " + e.offset + ": " + e.name + " — " + e.reason + (e.action ? " (RFC 7606: " + e.action + ")" : "")))) : null)
      : el("div", { class: "diagnosis fine", role: "note" }, "No problem found."),
    (x.notes || []).length ? el("ul", { class: "muted" }, x.notes.map((n) => el("li", {}, n))) : null,
    entryView(x.line),
    el("div", { class: "explain" }, hex, el("div", {}, detail, tree)));
  if (nodes.length) select(nodes.find((n) => n.problem) || nodes[0], false);
  return view;
}

// entryView lists what the log entry's own elements are (its time, host,
// message ID, addresses, AS numbers...) and the vendor's words read.
function entryView(line) {
  const fields = (line && line.fields) || [];
  const words = (line && line.evidence) || [];
  if (!fields.length && !words.length) return null;
  return el("dl", { class: "entry", "aria-label": "the entry's elements" },
    fields.flatMap((f) => [el("dt", { "data-field": f.field }, f.field.replace("_", " ") + " ", el("code", {}, f.value)), el("dd", {}, f.meaning + (f.ref ? " (" + f.ref + ")" : ""))]),
    words.flatMap((w) => [el("dt", { "data-field": "evidence" }, "words read"), el("dd", {}, w)]));
}

async function runDecode(text) {
  const status = $("decode-status");
  if (!text.trim()) {
    status.textContent = "Paste log lines or hex first.";
    return;
  }
  status.textContent = "Decoding…";
  // The input lives in the fragment: a shared link carries it, and a
  // fragment is never sent to any server.
  history.replaceState(null, "", "/decode#in=" + encodeURIComponent(text) + ($("as").value !== "auto" ? "&as=" + $("as").value : ""));
  $("share").disabled = false;
  try {
    const res = await api("/api/v1/decode", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text, as: $("as").value }) });
    const xs = res.explanations || [];
    status.textContent = xs.length + " entr" + (xs.length === 1 ? "y" : "ies") + " explained.";
    $("decode-result").replaceChildren(...xs.map(explanationView));
  } catch (e) {
    status.textContent = "Error: " + e.message;
  }
}

$("decode-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  runDecode($("input").value);
});

$("share").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(location.href);
    $("decode-status").textContent = "Link copied.";
  } catch (e) {
    $("decode-status").textContent = "Copy this page's address to share it.";
  }
});

