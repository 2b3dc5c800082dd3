// bgplens web page: line charts in inline SVG, written by hand (no
// library). A chart is a figure: the SVG (focusable: the arrow keys, Home
// and End move a marker through the points and read their values out),
// a legend with each series' latest value, and a summary for screen
// readers.
"use strict";

const svgNS = "http://www.w3.org/2000/svg";

// svgEl builds an SVG element: svgEl("line", {x1: 0, ...}, child, ...).
function svgEl(tag, attrs, ...kids) {
  const e = document.createElementNS(svgNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const k of kids.flat()) {
    if (k !== undefined && k !== null) e.append(k instanceof Node ? k : String(k));
  }
  return e;
}

// niceMax rounds a maximum up to 1, 2 or 5 times a power of ten.
function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function shortNumber(v) {
  if (Math.abs(v) >= 1e6) return +(v / 1e6).toFixed(1) + "M";
  if (Math.abs(v) >= 1e4) return +(v / 1e3).toFixed(1) + "k";
  return String(+v.toFixed(2));
}

// clock writes a time of day; with seconds for a span under 10 minutes.
function clock(d, span) {
  return d.toISOString().slice(11, span < 600000 ? 19 : 16);
}

let chartSeq = 0;
const chartCursors = new Map(); // chart id -> the tick its marker is on, kept across redraws

// lineChart draws series that share the times of GET /api/v1/series:
// opts = {id, title, unit, times: [ISO], series: [{label, offset,
// values}], width}; a chart drawn again with the same id keeps its marker. Each series becomes a polyline of one vertex per value.
function lineChart(opts) {
  const id = "chart" + chartSeq++;
  const W = Math.max(280, Math.round(opts.width || 640)), H = 190;
  const m = { l: 52, r: 12, t: 10, b: 26 };
  const times = (opts.times || []).map((t) => new Date(t).getTime());
  const t0 = times[0], t1 = times[times.length - 1];
  const span = Math.max(1, t1 - t0);
  let max = 0;
  for (const s of opts.series) for (const v of s.values) max = Math.max(max, v);
  const top = niceMax(max);
  const x = (i) => m.l + (times.length > 1 ? ((times[i] - t0) / span) * (W - m.l - m.r) : (W - m.l - m.r) / 2);
  const y = (v) => m.t + (1 - v / top) * (H - m.t - m.b);

  const svg = svgEl("svg", { id: opts.id, viewBox: "0 0 " + W + " " + H, width: W, height: H, class: "chart", tabindex: 0, role: "img",
    "aria-labelledby": id + "-title", "aria-describedby": id + "-summary" });
  svg.append(svgEl("title", { id: id + "-title" }, opts.title));
  const grid = svgEl("g", { class: "grid", "aria-hidden": "true" });
  for (let k = 0; k <= 4; k++) {
    const v = (top * k) / 4;
    grid.append(svgEl("line", { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }),
      svgEl("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end" }, shortNumber(v)));
  }
  const ticks = Math.min(times.length, W < 420 ? 3 : 5);
  for (let k = 0; k < ticks; k++) {
    const i = ticks === 1 ? 0 : Math.round((k * (times.length - 1)) / (ticks - 1));
    grid.append(svgEl("text", { x: x(i), y: H - 8, "text-anchor": k === 0 ? "start" : k === ticks - 1 ? "end" : "middle" }, clock(new Date(times[i]), span)));
  }
  svg.append(grid);
  opts.series.forEach((s, n) => {
    const pts = s.values.map((v, j) => x(s.offset + j).toFixed(1) + "," + y(v).toFixed(1));
    const cls = "s" + (n % 8);
    if (pts.length === 1) {
      const [px, py] = pts[0].split(",");
      svg.append(svgEl("circle", { class: "line " + cls, cx: px, cy: py, r: 3, "data-series": s.label, "data-points": 1 }));
    } else {
      svg.append(svgEl("polyline", { class: "line " + cls, points: pts.join(" "), "data-series": s.label, "data-points": pts.length }));
    }
  });
  const marker = svgEl("line", { class: "marker", y1: m.t, y2: H - m.b, visibility: "hidden" });
  svg.append(marker);

  const latest = (s) => (s.values.length ? s.values[s.values.length - 1] : null);
  const legend = el("ul", { class: "legend" }, opts.series.map((s, n) =>
    el("li", {}, el("span", { class: "swatch s" + (n % 8), "aria-hidden": "true" }), s.label + ": " + shortNumber(latest(s) ?? 0))));
  const summary = opts.series.length
    ? opts.series.map((s) => s.label + " latest " + latest(s) + ", max " + Math.max(...s.values)).join("; ") + " (" + opts.unit + ")"
    : "no data yet";
  const readout = el("p", { class: "readout", "aria-live": "polite" }, "");
  // Keyboard: a marker walks the ticks and the readout says the values.
  const place = (i) => {
    marker.setAttribute("x1", x(i));
    marker.setAttribute("x2", x(i));
    marker.setAttribute("visibility", "visible");
    const vals = opts.series.map((s) => {
      const j = i - s.offset;
      return s.label + " " + (j >= 0 && j < s.values.length ? s.values[j] : "—");
    });
    readout.textContent = new Date(times[i]).toISOString().replace("T", " ").slice(0, 19) + "Z: " + vals.join(", ");
    if (opts.id) chartCursors.set(opts.id, times[i]);
  };
  let cur = -1;
  const kept = opts.id && chartCursors.get(opts.id);
  if (kept) {
    cur = times.indexOf(kept);
    if (cur >= 0) place(cur);
  }
  svg.addEventListener("keydown", (ev) => {
    const step = { ArrowRight: 1, ArrowLeft: -1, Home: -1e9, End: 1e9 }[ev.key];
    if (step === undefined || !times.length) return;
    ev.preventDefault();
    cur = Math.max(0, Math.min(times.length - 1, cur < 0 && step > 0 && step < 1e9 ? 0 : cur + step));
    place(cur);
  });
  return el("figure", { class: "chart-box", "data-chart": opts.title },
    el("figcaption", {}, opts.title, el("span", { class: "muted" }, " (" + opts.unit + ")")),
    svg, el("p", { id: id + "-summary", class: "sr-only" }, summary), legend, readout);
}
