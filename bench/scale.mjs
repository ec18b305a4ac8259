// scale.mjs: how Lede opens archives of growing size, as JSON and as a pack, side by side in one run
// (issue 10). Not a test: it prints and writes bench/results/<date>-scale.md. Run through bench/run.sh, or
// `node bench/scale.mjs` after a native and a web build.
//
//   LEDE_SCALE=reuters,100k,400k,1m   which corpora (default: reuters,100k; the big ones take minutes)
//   LEDE_SCALE_MODES=json,pack        which forms to open in the page (default: both)
//
// Corpora: Reuters-21578 from ../shared/corpora, and synthetic ones made by ../shared/tools/synth-corpus.py
// into build/bench-data/ (git-ignored; made once, reused). Packs are made there by build/native/lede-cli
// pack, timed, with the packer's peak RSS from /usr/bin/time -v.
// In headless Chromium, against a loopback server that honours HTTP Range and counts the bytes it sends,
// for each corpus and form: navigation to searchable (stats().phase "ready") and to entities ready, wasm
// memory, bytes downloaded before the first results with snippets are drawn, the longest frame while
// the corpus opens, and keystroke to results drawn (the app's own measure, stats().inputToDrawMs: from the
// frame a key changed the query to the frame that drew its reply, timeline and facets included).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, frames } from '../tests/browser/lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = path.join(root, 'dist');
const cli = path.join(root, 'build/native/lede-cli');
const shared = path.resolve(root, '../shared');
const reuters = path.join(shared, 'corpora/reuters21578.json');
const dataDir = path.join(root, 'build/bench-data');
const sizes = (process.env.LEDE_SCALE || 'reuters,100k').split(',').map((s) => s.trim()).filter(Boolean);
const modes = (process.env.LEDE_SCALE_MODES || 'json,pack').split(',').map((s) => s.trim());
if (!fs.existsSync(reuters)) { console.error(`scale: ${reuters} is absent; nothing to measure`); process.exit(2); }
for (const need of [path.join(dist, 'lede.wasm'), cli])
  if (!fs.existsSync(need)) { console.error(`scale: ${need} is missing: build first (bench/run.sh does)`); process.exit(2); }
fs.mkdirSync(dataDir, { recursive: true });

// ---- the corpora and their packs ----
function corpusFile(size) {
  if (size === 'reuters') return reuters;
  const n = Number(size.replace(/k$/i, '000').replace(/m$/i, '000000'));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`LEDE_SCALE: "${size}" is not reuters or a size like 100k, 1m`);
  const file = path.join(dataDir, `synth-${size}.json`);
  if (!fs.existsSync(file)) {
    console.error(`[scale] generating ${file} (${n} synthetic articles)`);
    execFileSync('python3', [path.join(shared, 'tools/synth-corpus.py'), reuters, String(n), file + '.tmp'], { stdio: 'inherit' });
    fs.renameSync(file + '.tmp', file);
  }
  return file;
}

// Packs a corpus natively; returns {file, seconds, peakRssBytes}.
function pack(json) {
  const out = path.join(dataDir, path.basename(json).replace(/\.json$/, '') + '.lede');
  console.error(`[scale] packing ${path.basename(json)}`);
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cli, 'pack', json, '-o', out], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`lede-cli pack failed on ${json}:\n${r.stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { file: out, seconds, peakRssBytes: rss ? Number(rss[1]) * 1024 : NaN };
}

// ---- a static server that honours Range and counts bytes ----
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json',
  '.css': 'text/css', '.data': 'application/octet-stream', '.lede': 'application/octet-stream' };
const served = { corpusBytes: 0 };
const dataFiles = new Map();  // '/data/NAME' -> path
const server = http.createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const file = dataFiles.get(p) || path.join(dist, p === '/' ? 'index.html' : p);
  if (!file.startsWith(dist) && !dataFiles.has(p)) { res.writeHead(403); res.end(); return; }
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) { res.writeHead(404); res.end(); return; }
    const headers = { 'Content-Type': types[path.extname(file)] || 'application/octet-stream', 'Accept-Ranges': 'bytes' };
    let start = 0, end = st.size - 1, status = 200;
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
    if (m) {
      start = Number(m[1]); end = m[2] ? Math.min(Number(m[2]), st.size - 1) : st.size - 1;
      if (start > end) { res.writeHead(416, { 'Content-Range': `bytes */${st.size}` }); res.end(); return; }
      status = 206; headers['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
    }
    headers['Content-Length'] = end - start + 1;
    res.writeHead(status, headers);
    const stream = fs.createReadStream(file, { start, end });
    if (dataFiles.has(p)) stream.on('data', (chunk) => { served.corpusBytes += chunk.length; });
    stream.pipe(res);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

// ---- one corpus in one form, in a fresh browser page ----
const QUERY = 'oil prices';
async function openInPage(browser, file, label) {
  const route = '/data/' + path.basename(file);
  dataFiles.set(route, file);
  served.corpusBytes = 0;
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const out = { label, bytes: fs.statSync(file).size };
  await page.goto(`${base}?corpus=${encodeURIComponent(route)}&nosw=1`);
  await page.waitForFunction(() => window.lede && lede.stats, null, { timeout: 60000 });
  // Sample while it opens: the longest frame, and when it becomes searchable and when entities are ready.
  let maxFrame = 0;
  const deadline = Date.now() + 20 * 60 * 1000;
  for (;;) {
    const s = await page.evaluate(() => ({ ...lede.stats(), now: performance.now() }));
    maxFrame = Math.max(maxFrame, s.frameMsMax || 0);
    if (s.phase === 'failed') { out.failed = s.error; break; }
    if (s.phase === 'ready' && out.searchableMs === undefined) out.searchableMs = s.readyMs || s.now;
    if (s.phase === 'ready' && s.entityPhase === 'ready') { out.entitiesMs = s.now; out.articles = s.articles; break; }
    if (Date.now() > deadline) { out.failed = 'did not finish within 20 minutes'; break; }
    await page.waitForTimeout(50);
  }
  out.loadMaxFrameMs = maxFrame;
  if (!out.failed) {
    // First results: type the query, wait for its rows with snippets drawn; bytes served until then.
    await page.mouse.click(10, 10);
    await page.keyboard.press('/');
    await frames(page, 3);
    const inputs = [];
    for (const ch of QUERY) {
      await page.keyboard.type(ch);
      await page.waitForFunction((q) => lede.stats().query === q && lede.stats().inputToDrawMs >= 0 && !lede.stats().updating,
        QUERY.slice(0, inputs.length + 1), { timeout: 120000 });
      inputs.push((await page.evaluate(() => lede.stats())).inputToDrawMs);
    }
    const first = await page.evaluate(async (q) => (await lede.search(q, { limit: 20 })), QUERY);
    out.results = first.total;
    out.bytesBeforeFirstResult = served.corpusBytes;
    const s = await page.evaluate(() => lede.stats());
    out.wasmMemory = s.wasmMemory;
    inputs.sort((a, b) => a - b);
    out.keystrokeMedianMs = inputs[Math.floor(inputs.length / 2)];
    out.keystrokeMaxMs = inputs[inputs.length - 1];
  } else {
    out.wasmMemory = await page.evaluate(() => lede.stats().wasmMemory).catch(() => NaN);
  }
  out.pageErrors = errors.length;
  await page.context().close();
  return out;
}

const browser = await launch();
const rows = [];
for (const size of sizes) {
  const json = corpusFile(size);
  const row = { size, jsonBytes: fs.statSync(json).size };
  if (modes.includes('pack')) row.pack = pack(json);
  if (modes.includes('json')) row.json = await openInPage(browser, json, 'JSON');
  if (modes.includes('pack')) row.packPage = await openInPage(browser, row.pack.file, 'pack');
  rows.push(row);
  console.error(`[scale] ${size}: ${JSON.stringify(row)}`);
}
await browser.close();
server.close();

// ---- the report ----
const mb = (b) => (Number.isFinite(b) ? (b / 1e6).toFixed(1) + ' MB' : 'n/a');
const s = (ms) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) + ' s' : 'n/a');
const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) + ' ms' : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) + 'x' : 'n/a');
const date = new Date().toISOString().slice(0, 10);
const cpu = (os.cpus()[0] || {}).model || 'unknown CPU';
const lines = [`# Lede at scale, ${date}`, '',
  `Headless Chromium (SwiftShader WebGL) on ${cpu}, ${os.cpus().length} cores; corpora served from loopback by a server that honours Range. ` +
  'Times are from navigation. "First result" = the query "oil prices" typed, its 20 rows with snippets drawn.', ''];
const cell = (o, f) => (!o ? 'n/a' : o.failed ? `failed: ${o.failed.slice(0, 160)}` : f(o));
lines.push('| corpus | form | to searchable | to entities ready | wasm memory | downloaded before first result | longest frame while opening | keystroke to results drawn (median / max) |');
lines.push('|---|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  for (const o of [r.json, r.packPage]) {
    if (!o) continue;
    const name = `${r.size} (${mb(r.jsonBytes)} JSON${o.label === 'pack' ? `, ${mb(o.bytes)} pack` : ''})`;
    if (o.failed) { lines.push(`| ${name} | ${o.label} | ${cell(o)} | | ${mb(o.wasmMemory)} | | | |`); continue; }
    lines.push(`| ${name} | ${o.label} | ${s(o.searchableMs)} | ${s(o.entitiesMs)} | ${mb(o.wasmMemory)} (${ratio(o.wasmMemory, r.jsonBytes)} of JSON) | ` +
      `${mb(o.bytesBeforeFirstResult)} (${ratio(o.bytesBeforeFirstResult, r.jsonBytes)} of JSON) | ${ms(o.loadMaxFrameMs)} | ${ms(o.keystrokeMedianMs)} / ${ms(o.keystrokeMaxMs)} |`);
  }
}
lines.push('', '| corpus | JSON | pack | pack / JSON | packing time (native) | packer peak RSS | RSS / JSON | pack vs JSON: to searchable | to entities ready |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  if (!r.pack) continue;
  const pb = fs.statSync(r.pack.file).size;
  const j = r.json || {}, p = r.packPage || {};
  lines.push(`| ${r.size} | ${mb(r.jsonBytes)} | ${mb(pb)} | ${ratio(pb, r.jsonBytes)} | ${r.pack.seconds.toFixed(1)} s | ${mb(r.pack.peakRssBytes)} | ` +
    `${ratio(r.pack.peakRssBytes, r.jsonBytes)} | ${ratio(p.searchableMs, j.searchableMs)} | ${ratio(p.entitiesMs, j.entitiesMs)} |`);
}
const report = lines.join('\n') + '\n';
console.log(report);
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', `${date}-scale.md`), report);
