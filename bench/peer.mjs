// peer.mjs: one JavaScript search library on the benchmark, in its own node process (run with
// --expose-gc so index memory can be measured as the heap growth after collection).
//   node --expose-gc bench/peer.mjs ENGINE CORPUS QUERIES.json  -> one JSON object on stdout
// Each library indexes title and text with its defaults (title boosted where it supports boosts) and
// answers the same queries for the top 20: single terms, two-term AND, and prefixes.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import FlexSearch from 'flexsearch';
import lunr from 'lunr';
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';

const [engine, corpusPath, queriesPath] = process.argv.slice(2);
const articles = JSON.parse(fs.readFileSync(corpusPath, 'utf8')).articles.map((a, i) => ({ id: i, title: a.title, text: a.text }));
const queries = JSON.parse(fs.readFileSync(queriesPath, 'utf8'));

const engines = {
  minisearch: {
    build: () => {
      const ms = new MiniSearch({ fields: ['title', 'text'], searchOptions: { boost: { title: 2 } } });
      ms.addAll(articles);
      return ms;
    },
    query: (ms, q) => ms.search(q.terms.join(' '), {
      combineWith: q.kind === 'and' ? 'AND' : 'OR', prefix: q.kind === 'prefix',
    }).slice(0, 20),
  },
  flexsearch: {
    // tokenize "forward" is what FlexSearch needs to answer prefix queries.
    build: () => {
      const index = new FlexSearch.Index({ tokenize: 'forward' });
      for (const a of articles) index.add(a.id, a.title + '\n' + a.text);
      return index;
    },
    query: (index, q) => index.search(q.terms.join(' '), { limit: 20 }),
  },
  lunr: {
    build: () => lunr(function () {
      this.ref('id');
      this.field('title', { boost: 2 });
      this.field('text');
      for (const a of articles) this.add(a);
    }),
    query: (idx, q) => idx.search(q.kind === 'and' ? q.terms.map((t) => '+' + t).join(' ')
      : q.kind === 'prefix' ? q.terms[0] + '*' : q.terms[0]).slice(0, 20),
  },
  orama: {
    build: async () => {
      const db = await create({ schema: { title: 'string', text: 'string' } });
      await insertMultiple(db, articles.map((a) => ({ id: String(a.id), title: a.title, text: a.text })), 5000);
      return db;
    },
    query: async (db, q) => (await oramaSearch(db, {
      term: q.terms.join(' '), properties: ['title', 'text'], limit: 20, threshold: q.kind === 'and' ? 0 : 1,
      boost: { title: 2 },
    })).hits,
  },
};

const e = engines[engine];
if (!e) { console.error(`unknown engine ${engine}`); process.exit(2); }
global.gc();
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
const index = await e.build();
const buildMs = performance.now() - t0;
global.gc();
const memoryBytes = process.memoryUsage().heapUsed - heap0;
for (const q of queries) await e.query(index, q);  // warm-up
const latencyMs = [], hits = [];
// Each query runs in 5 batches of 10 back-to-back runs; its latency is the median batch's mean, as
// for Lede (batching keeps timer overhead out of microsecond answers).
const RUNS = 5, BATCH = 10;
for (const q of queries) {
  const runs = [];
  let r;
  for (let k = 0; k < RUNS; k++) {
    const a = performance.now();
    for (let b = 0; b < BATCH; b++) r = await e.query(index, q);
    runs.push((performance.now() - a) / BATCH);
  }
  runs.sort((x, y) => x - y);
  latencyMs.push(runs[RUNS >> 1]);
  hits.push(r.length);
}
console.log(JSON.stringify({ engine, articles: articles.length, buildMs, memoryBytes, latencyMs, hits }));
