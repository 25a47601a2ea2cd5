// Adapted from shared/bench/anchors (the project's anchor study, RESULTS-anchors.md); only the data paths changed: CSVs from bench/data/, shapefiles from bench/work/ne/ (made by bench/make-data.sh; BENCH_NE overrides).
// d3-geo anchor for the "eastern-flank" standard map: builds the SVG as a string (no canvas).
// Usage: node render.mjs OUTDIR [SCALE=50m] [FORMATS=svg] [BATCH=1]
//   SCALE   50m | 10m -> ../../work/ne/countries-SCALE.shp, read with the npm "shapefile" package
//   FORMATS svg only (PNG: pipe the SVG through rsvg-convert, see render.sh)
//   BATCH   1 = eastern-flank.svg; N>1 = N SVGs with zoomed extents (batch-00.svg ...) in one process
// Needs: node >= 18, `npm ci` in this folder (d3-geo 3, shapefile 0.6).
import {readFileSync, writeFileSync, mkdirSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
const t0 = performance.now();
const {geoArea, geoAzimuthalEqualArea, geoPath} = await import("d3-geo");
const shapefile = await import("shapefile");
const tImport = performance.now() - t0;

const HERE = dirname(fileURLToPath(import.meta.url));
const DATA = join(HERE, "..", "..", "data");
const NE = process.env.BENCH_NE || join(HERE, "..", "..", "work", "ne");
const [out, scale = "50m", formats = "svg", batchArg = "1"] = process.argv.slice(2);
const batch = +batchArg;
const W = 1600, H = 1200, MPP = 1875;            // 3000 km x 2250 km extent, metres per pixel
const R = 6371007.2;                              // authalic sphere (d3 is spherical)
const FLANK = new Set(["233", "428", "440", "616", "703", "348", "642", "100"]);
const NATO = new Set(["008", "056", "124", "191", "203", "208", "250", "276", "300", "352", "380", "442",
  "499", "528", "807", "578", "620", "705", "724", "792", "826", "840"]);
const FILL = {flank: "#2b6cb0", nato: "#9ec5e8", ukraine: "#f7d54a", rubel: "#e39a8f", other: "#e4e4e0"};
const TITLE = "NATO's eastern flank: US reinforcements and Russian build-up, February 2022";
const SOURCE = "Sources: US DoD announcement 2 Feb 2022, press reports (as reported). Russian totals " +
  "(~100,000 near Ukraine, ~30,000 in Belarus) split evenly over points for illustration. Boundaries: Natural Earth.";
const group = id => FLANK.has(id) ? "flank" : NATO.has(id) ? "nato" : id === "804" ? "ukraine"
  : (id === "643" || id === "112") ? "rubel" : "other";
const esc = s => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function parseCSV(text) {              // RFC 4180-ish: quoted fields may hold commas
  const rows = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    const f = []; let cur = "", q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) { if (c === '"') { if (line[i + 1] === '"') { cur += '"'; i++; } else q = false; } else cur += c; }
      else if (c === '"') q = true; else if (c === ",") { f.push(cur); cur = ""; } else cur += c;
    }
    f.push(cur); rows.push(f);
  }
  const [head, ...body] = rows;
  return body.map(r => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

// d3 is spherical: a polygon whose rings wind the "wrong" way means "everything but it".
// The shapefile's antimeridian-crossing rings (Russia, Fiji, Antarctica at 50m; Maldives at 10m)
// come out larger than a hemisphere, so reverse any polygon whose area exceeds 2*pi.
function rewind(feature) {
  const g = feature.geometry;
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  for (const p of polys)
    if (geoArea({type: "Polygon", coordinates: p}) > 2 * Math.PI) for (const ring of p) ring.reverse();
  return feature;
}

const tSetup0 = performance.now();
const countries = [];
const src = await shapefile.open(join(NE, `countries-${scale}.shp`), undefined, {encoding: "utf-8"});
for (let r = await src.read(); !r.done; r = await src.read()) if (r.value.geometry) countries.push(rewind(r.value));
const deployments = parseCSV(readFileSync(join(DATA, "deployments.csv"), "utf8"));
const labels = parseCSV(readFileSync(join(DATA, "country-labels.csv"), "utf8"));
const tSetup = performance.now() - tSetup0;

function render(f = 1) {              // f: zoom factor of the extent (1 = standard map)
  const mpp = MPP * f, cy = 125000;   // extent centre (0, 125 km) in projected metres
  const proj = geoAzimuthalEqualArea().rotate([-25, -50]).scale(R / mpp)
    .translate([W / 2, H / 2 + cy / mpp]).clipExtent([[0, 0], [W, H]]).precision(0.2);
  const path = geoPath(proj).digits(1);
  const o = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, sans-serif">`);
  o.push(`<defs><marker id="ah" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="5" orient="auto"><path d="M0,0L10,5L0,10z" fill="#08306b"/></marker></defs>`);
  o.push(`<rect width="${W}" height="${H}" fill="#d6e6f2"/>`);
  o.push(`<g stroke="#555555" stroke-width="0.5" stroke-linejoin="round">`);
  for (const c of countries) {
    const d = path(c);
    if (d) o.push(`<path fill="${FILL[group(c.properties.id)]}" d="${d}"/>`);
  }
  o.push(`</g><g font-weight="bold" font-size="13" fill="#464646" text-anchor="middle" dominant-baseline="central">`);
  for (const l of labels) {
    const [x, y] = proj([+l.lon, +l.lat]);
    if (x >= 0 && x <= W && y >= 0 && y <= H) o.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}">${esc(l.name)}</text>`);
  }
  o.push(`</g>`);
  const lab = [];
  for (const d of deployments) {
    const to = proj([+d.to_lon, +d.to_lat]);
    if (d.kind === "movement") {
      const from = proj([+d.from_lon, +d.from_lat]);   // may lie far off the canvas: the viewport clips it
      o.push(`<line x1="${from[0].toFixed(1)}" y1="${from[1].toFixed(1)}" x2="${to[0].toFixed(1)}" y2="${to[1].toFixed(1)}" stroke="#08306b" stroke-width="2.5" marker-end="url(#ah)"/>`);
      lab.push([to[0] + 8, to[1], d.label]);
    } else {
      const r = 0.3 * Math.sqrt(+d.troops);              // px; area proportional to troops
      o.push(`<circle cx="${to[0].toFixed(1)}" cy="${to[1].toFixed(1)}" r="${r.toFixed(1)}" fill="#b2182b" fill-opacity="0.65" stroke="#67001f" stroke-width="0.8"/>`);
      lab.push([to[0] + r + 5, to[1], d.label]);
    }
  }
  o.push(`<g font-size="12" fill="#111111" stroke="#ffffff" stroke-width="3" paint-order="stroke" dominant-baseline="central">`);
  for (const [x, y, t] of lab) o.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}">${esc(t)}</text>`);
  o.push(`</g>`);
  o.push(`<text x="20" y="46" font-size="26" font-weight="bold" stroke="#fff" stroke-width="4" paint-order="stroke">${esc(TITLE)}</text>`);
  o.push(`<text x="14" y="${H - 14}" font-size="12" fill="#323232" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(SOURCE)}</text>`);
  o.push(`</svg>`);
  return o.join("\n");
}

mkdirSync(out, {recursive: true});
const tr0 = performance.now();
if (batch <= 1) writeFileSync(join(out, "eastern-flank.svg"), render(1));
else for (let i = 0; i < batch; i++) writeFileSync(join(out, `batch-${String(i).padStart(2, "0")}.svg`), render(0.70 + 0.03 * i));
const tRender = performance.now() - tr0;
if (process.env.ANCHOR_TIMING) console.error(`import ${(tImport / 1e3).toFixed(3)} s, setup ${(tSetup / 1e3).toFixed(3)} s, render ${(tRender / 1e3).toFixed(3)} s`);
