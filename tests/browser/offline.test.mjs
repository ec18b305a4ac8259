// Offline: after a first visit the page and the corpus it showed open with the network gone (the service
// worker); and the single-file build opens from disk with no other file and no request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, serve, launch, frames, screenshot, smallCorpus, mirror } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('after a first visit the page and its corpus open offline', async (t) => {
  const routes = { '/desk/harbour.json': { body: smallCorpus('Harbour archive', 'Harbour', 6), type: 'application/json' } };
  const server = await serve(undefined, {}, routes);
  t.after(() => server.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const address = server.url + 'index.html?corpus=desk/harbour.json&q=harbour#q=report';
  await page.goto(address);
  assert.equal((await page.evaluate(() => lede.ready)).articles, 6);
  // The worker is in charge of the page and has kept the app and the corpus it showed. (page.evaluate
  // awaits the async check; waitForFunction would take its promise for a truthy answer.)
  const kept = () => page.evaluate(async () => {
    if (!navigator.serviceWorker.controller || navigator.serviceWorker.controller.state !== 'activated') return false;
    if (!(await caches.keys()).includes('lede-v1')) return false;
    const cache = await caches.open('lede-v1');
    return !!(await cache.match('corpus.json')) && !!(await cache.match('lede.wasm')) &&
      !!(await cache.match(new URL('desk/harbour.json', location.href).href));
  });
  for (let waited = 0; !(await kept()); waited += 250) {
    assert.ok(waited < 20000, 'the service worker kept the page and its corpus within 20 s');
    await page.waitForTimeout(250);
  }

  await context.setOffline(true);
  assert.equal(await page.evaluate(() => fetch('lede.css?probe', { cache: 'no-store' }).then(() => 'online', () => 'offline')), 'offline');
  await page.reload();
  const stats = await page.evaluate(() => lede.ready);
  assert.equal(stats.articles, 6);
  assert.equal(stats.name, 'Harbour archive');
  assert.equal(stats.query, 'report', 'the view in the address is restored');
  await frames(page, 3);
  await screenshot(page, 'offline-reload.png');
  // A corpus never fetched is explained, not a crash.
  await page.goto(server.url + 'index.html?corpus=desk/other.json');
  await page.waitForFunction(() => window.lede && lede.stats().phase === 'failed', null, { timeout: 20000 });
  assert.match((await page.evaluate(() => lede.stats())).error, /Could not fetch .*desk\/other\.json/);
});

test('the single-file build opens from disk with app and corpus inside, and makes no request', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lede-single-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const corpus = path.join(dir, 'harbour.json');
  fs.writeFileSync(corpus, smallCorpus('Harbour archive', 'Harbour', 6));
  const out = path.join(dir, 'harbour.html');
  execFileSync('node', [path.join(ROOT, 'scripts/single-file.mjs'), '--corpus', corpus, '--out', out], { stdio: 'pipe' });
  fs.rmSync(corpus);
  assert.deepEqual(fs.readdirSync(dir), ['harbour.html'], 'one file');
  assert.doesNotMatch(fs.readFileSync(out, 'utf8'), /DroidSansFallback.*AAAA/, 'no CJK font for a corpus without CJK text');

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('file://' + out + '#q=report%203');
  const stats = await page.evaluate(() => lede.ready);
  assert.equal(stats.articles, 6);
  assert.equal(stats.name, 'Harbour archive');
  assert.equal(stats.query, 'report 3');
  assert.equal(stats.results, 1);
  assert.match((await mirror(page)).count, /^1 result for “report 3”/);
  assert.deepEqual(requests.filter((u) => !u.startsWith('data:')), ['file://' + out + '#q=report%203'].map((u) => u.split('#')[0]));
  assert.deepEqual(errors, []);
  assert.equal(await page.title(), 'Lede: Harbour archive');
  await frames(page, 3);
  await screenshot(page, 'single-file.png');
});
