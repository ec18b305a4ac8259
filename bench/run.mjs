// run.mjs: the search benchmark. One run, one report: Lede (WebAssembly under node, and native) next to
// MiniSearch, FlexSearch, Lunr and Orama on Reuters-21578 (title + text), with Lede's ratio to each.
// Not a pass/fail test: it prints the table, the targets next to the measured ratios, and writes
// bench/results/<date>.md and .json. Run it with bench/run.sh (which builds and installs what it needs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeQueries } from './queries.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const corpus = process.env.LEDE_BENCH_CORPUS || path.resolve(root, '../shared/corpora/reuters21578.json');
if (!fs.existsSync(corpus)) {
  console.error(`bench: ${corpus} is absent (the Reuters-21578 corpus lives in ../shared/corpora); nothing to measure`);
  process.exit(2);
}
const articles = JSON.parse(fs.readFileSync(corpus, 'utf8')).articles;
const queries = makeQueries(articles);
const queryFile = path.join(os.tmpdir(), `lede-bench-queries-${process.pid}.json`);
fs.writeFileSync(queryFile, JSON.stringify(queries));

function run(label, cmd, args) {
  process.stderr.write(`bench: ${label} ...\n`);
  const out = execFileSync(cmd, args, { maxBuffer: 1 << 26, cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.toString());
}
const results = [
  { name: 'Lede (wasm, node)', ...run('Lede wasm', process.execPath, ['--no-experimental-fetch', 'build/wasm/lede-bench.js', corpus, queryFile]) },
  { name: 'Lede (native)', ...run('Lede native', 'build/native/lede-bench', [corpus, queryFile]) },
];
const peers = [['MiniSearch', 'minisearch'], ['FlexSearch', 'flexsearch'], ['Lunr', 'lunr'], ['Orama', 'orama']];
for (const [name, id] of peers)
  results.push({ name, ...run(name, process.execPath, ['--expose-gc', path.join(here, 'peer.mjs'), id, corpus, queryFile]) });
fs.unlinkSync(queryFile);

const pct = (xs, p) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
for (const r of results) {
  r.p50 = pct(r.latencyMs, 0.5);
  r.p95 = pct(r.latencyMs, 0.95);
  if (r.snippetMs) r.snippetP50 = pct(r.snippetMs, 0.5);
  r.byKind = {};
  for (const kind of ['frequent', 'middle', 'rare', 'and', 'prefix']) {
    const xs = r.latencyMs.filter((_, i) => queries[i].kind === kind);
    r.byKind[kind] = pct(xs, 0.5);
  }
}
const lede = results[0];
const f = (x, d = 1) => x.toFixed(d);
const us = (ms) => (ms * 1000 < 10 ? f(ms * 1000, 2) : f(ms * 1000, 1)) + ' µs';
const ratio = (a, b) => (a / b < 0.1 ? '1/' + f(b / a, 0) : f(a / b, 2) + '×');
const cpu = (os.cpus()[0] || {}).model || 'unknown CPU';
const lines = [];
const date = new Date().toISOString().slice(0, 10);
lines.push(`# Lede search benchmark, ${date}`, '');
lines.push(`Machine: ${cpu}, ${os.cpus().length} cores, ${f(os.totalmem() / 2 ** 30, 0)} GiB, node ${process.version}, ${os.platform()} ${os.release()}.`);
lines.push(`Corpus: Reuters-21578 (${articles.length} articles, title + text). ${queries.length} queries, top 20: 40 frequent, 40 middle and 40 rare single terms, 40 two-term ANDs, 40 four-letter prefixes.`);
lines.push('Latency of a query: the median of 5 batches of 10 back-to-back runs (mean per run). Build: from parsed articles. Memory: Lede counts its index\'s own allocations; the JavaScript peers, heap growth after GC (articles not counted).', '');
lines.push('| engine | build | index memory | p50 | p95 | frequent | middle | rare | AND | prefix | snippets (20, p50) |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  const k = r.byKind;
  lines.push(`| ${r.name} | ${f(r.buildMs, 0)} ms | ${f(r.memoryBytes / 1e6)} MB | ${us(r.p50)} | ${us(r.p95)} | ${us(k.frequent)} | ${us(k.middle)} | ${us(k.rare)} | ${us(k.and)} | ${us(k.prefix)} | ${r.snippetP50 !== undefined ? us(r.snippetP50) : 'n/a'} |`);
}
lines.push('', 'Lede (wasm) as a ratio of each peer (below 1 is better for Lede):', '');
lines.push('| peer | build time | index memory | p50 | p95 |', '|---|---:|---:|---:|---:|');
for (const r of results.slice(2))
  lines.push(`| ${r.name} | ${ratio(lede.buildMs, r.buildMs)} | ${ratio(lede.memoryBytes, r.memoryBytes)} | ${ratio(lede.p50, r.p50)} | ${ratio(lede.p95, r.p95)} |`);
const mini = results.find((r) => r.name === 'MiniSearch'), flex = results.find((r) => r.name === 'FlexSearch');
const check = (ok) => (ok ? 'met' : 'NOT met');
lines.push('', 'Targets (issue 3):', '');
lines.push(`- build at most 1/6 of MiniSearch's: ${ratio(lede.buildMs, mini.buildMs)}, ${check(lede.buildMs * 6 <= mini.buildMs)}`);
lines.push(`- memory at most 1/2 of MiniSearch's: ${ratio(lede.memoryBytes, mini.memoryBytes)}, ${check(lede.memoryBytes * 2 <= mini.memoryBytes)}`);
lines.push(`- p50 no slower than FlexSearch's: ${ratio(lede.p50, flex.p50)}, ${check(lede.p50 <= flex.p50)}`);
lines.push(`- p95 at most 1/3 of FlexSearch's: ${ratio(lede.p95, flex.p95)}, ${check(lede.p95 * 3 <= flex.p95)}`);
lines.push(`- native faster still: build ${ratio(results[1].buildMs, lede.buildMs)}, p50 ${ratio(results[1].p50, lede.p50)} of wasm`);
lines.push('', 'Hits per query differ between engines by design (stemming, stopwords, prefix and AND semantics); Lede ranks with BM25F (title boost 2.5) and makes snippets with highlight ranges, timed separately in the last column.');
const report = lines.join('\n') + '\n';
console.log(report);
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', `${date}.md`), report);
fs.writeFileSync(path.join(here, 'results', `${date}.json`), JSON.stringify({ date, cpu, node: process.version, queries, results: results.map(({ latencyMs, snippetMs, hits, ...rest }) => ({ ...rest, latencyMs, snippetMs, hits })) }, null, 1));
