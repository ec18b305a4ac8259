// Searching in the page as a journalist would: press /, type a query, read the highlighted results,
// open one. Every answer is checked against the core's own (lede.search).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, frames, screenshot } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('typing a query lists the matches with highlights, and the reader marks them', async () => {
  const { page } = await openApp(browser, server.url);
  await frames(page, 3);
  await page.mouse.click(900, 500);  // focus the canvas, as a first click on the page would
  await page.keyboard.press('/');
  await frames(page, 4);  // a person's pause between / and the first letter
  await page.keyboard.type('wuzhen conference', { delay: 20 });
  // Headless Chromium draws ~12 frames a second and ImGui spreads fast key events over frames: wait.
  await page.waitForFunction(() => lede.stats().query === 'wuzhen conference', null, { timeout: 10000 });
  await frames(page, 2);
  const stats = await page.evaluate(() => lede.stats());
  assert.equal(stats.query, 'wuzhen conference');
  const top = await page.evaluate(() => lede.search('wuzhen conference'));
  assert.ok(top.length >= 3, `expected several Wuzhen articles, got ${top.length}`);
  assert.equal(stats.results, top.length, 'the list holds exactly the core\'s matches');
  const probe = await page.evaluate(() => lede._probe());
  assert.deepEqual(probe.rows.slice(0, top.length).map((r) => r.id), top.map((h) => h.id),
    'the list is in the core\'s ranked order');
  const row = probe.rows[0];
  await page.mouse.click(row.x + row.w / 2, row.y + 12);
  await frames(page, 3);
  const after = await page.evaluate(() => lede._probe());
  assert.equal(after.reader, top[0].id);
  assert.ok(after.readerHighlights >= 2, 'matches are highlighted in the reader');
  await screenshot(page, 'search-wuzhen.png');
  await page.close();
});

test('lede.search answers the query language, Chinese included', async () => {
  const { page } = await openApp(browser, server.url);
  const q = (s) => page.evaluate((x) => lede.search(x), s);
  const zh = await q('互联网');
  assert.ok(zh.length >= 3 && zh.every((h) => typeof h.score === 'number' && h.id && h.title && h.date));
  const phrase = await q('"World Internet Conference"');
  assert.ok(phrase.length >= 3);
  const dated = await q('wuzhen date:2014');
  assert.ok(dated.length >= 1 && dated.every((h) => h.date.startsWith('2014')));
  assert.ok((await q('arpanet OR tcp')).length > (await q('arpanet tcp')).length);
  assert.equal((await q('zzzzqqq')).length, 0);
  const broken = await page.evaluate(() => lede._search('(wuzhen'));
  assert.ok(broken.errors.length === 1 && broken.hits.length > 0, 'a malformed query explains itself and still runs');
  await page.evaluate(() => lede.setQuery('乌镇'));
  await frames(page, 4);
  await screenshot(page, 'search-zh.png');
  assert.deepEqual(page.errors, []);
  await page.close();
});
