// frames.mjs: the explorer's frame-time benchmark (issue 4), in headless Chromium on this machine, with
// Reuters-21578 (21,578 articles) served as the page's corpus. Not a test: it prints and writes
// bench/results/<date>-frames.md. Run through bench/run.sh (or `node bench/frames.mjs` after a web build).
//   - navigation to the first interactive frame, and to the corpus being read and indexed
//   - mean frame CPU time (the app's own measure: events, layout, search, GL calls) with every view open
//   - the same while brushing the timeline with the mouse, and while typing a query
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, frames } from '../tests/browser/lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = path.join(root, 'dist');
const corpus = process.env.LEDE_BENCH_CORPUS || path.resolve(root, '../shared/corpora/reuters21578.json');
if (!fs.existsSync(corpus)) { console.error(`frames: ${corpus} is absent; nothing to measure`); process.exit(2); }
if (!fs.existsSync(path.join(dist, 'lede.wasm'))) { console.error('frames: build dist/ first (./build-wasm.sh)'); process.exit(2); }

// dist/ as it is, except that /corpus.json is the big corpus.
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  const file = p === '/corpus.json' ? corpus : path.join(dist, p === '/' ? 'index.html' : p);
  fs.readFile(file, (err, body) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(body);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await launch();
const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
await page.goto(url);
await page.waitForFunction(() => window.lede && lede.ready, null, { timeout: 20000 });
await page.evaluate(() => lede.ready);
const loaded = await page.evaluate(() => lede.stats());
await frames(page, 90);
const idle = await page.evaluate(() => lede.stats());

// Brushing: hold the mouse down and sweep across the timeline, one step a frame, for 70 frames.
const tl = await page.evaluate(() => lede._probe().timeline);
await page.mouse.move(tl.x + tl.w * 0.2, tl.y + tl.h / 2);
await page.mouse.down();
for (let k = 0; k < 70; k++) { await page.mouse.move(tl.x + tl.w * (0.2 + 0.6 * k / 70), tl.y + tl.h / 2); await frames(page, 1); }
const brushing = await page.evaluate(() => lede.stats());
await page.mouse.up();
await frames(page, 5);
const afterBrush = await page.evaluate(() => lede.stats());

// Typing a query, a letter a frame, then 60 more frames.
await page.mouse.click(10, 10);
await page.keyboard.press('/');
await frames(page, 4);
for (const ch of 'oil prices') { await page.keyboard.type(ch); await frames(page, 3); }
await page.waitForFunction(() => lede.stats().query === 'oil prices', null, { timeout: 20000 });
await frames(page, 60);
const typed = await page.evaluate(() => lede.stats());
await browser.close();
server.close();

const f = (x) => x.toFixed(1);
const date = new Date().toISOString().slice(0, 10);
const cpu = (os.cpus()[0] || {}).model || 'unknown CPU';
const lines = [
  `# Lede explorer frame times, ${date}`, '',
  `Headless Chromium (SwiftShader WebGL), ${cpu}, ${os.cpus().length} cores; corpus ${path.basename(corpus)} (${loaded.articles} articles) as the page's corpus.json, window 1400x900.`,
  'Frame CPU time is the app\'s own measure (mean of the last 60 frames): events, layout, search and the GL calls; the browser\'s compositing is not included.', '',
  '| measure | value | target |', '|---|---:|---:|',
  `| navigation to first interactive frame | ${f(loaded.firstFrameMs)} ms | under 1500 ms |`,
  `| navigation to corpus read and indexed | ${f(loaded.readyMs)} ms | (progress bar meanwhile) |`,
  `| frame CPU, all views open, idle | ${f(idle.frameMs)} ms (UI ${f(idle.uiMs)} ms) | under 4 ms |`,
  `| frame CPU while brushing the timeline | ${f(brushing.frameMs)} ms (UI ${f(brushing.uiMs)} ms) | under 8 ms |`,
  `| frame CPU after the brush (${afterBrush.filtered} articles selected) | ${f(afterBrush.frameMs)} ms | |`,
  `| frame CPU after typing "oil prices" (${typed.results} results) | ${f(typed.frameMs)} ms (UI ${f(typed.uiMs)} ms) | |`,
];
const report = lines.join('\n') + '\n';
console.log(report);
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', `${date}-frames.md`), report);
