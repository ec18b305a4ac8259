// The linked views, used with the mouse as a journalist would: brush a range on the timeline, click a
// facet, open an article, copy the link and open it again. Each step is checked against the core's own
// answer (lede.getState / lede.search) and leaves a screenshot in build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, openApp, frames, screenshot } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const bundled = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/corpus.json'), 'utf8')).articles;
const probe = (page) => page.evaluate(() => lede._probe());
const state = (page) => page.evaluate(() => lede.getState());
const stats = (page) => page.evaluate(() => lede.stats());

async function drag(page, x0, y, x1) {
  await page.mouse.move(x0, y);
  await page.mouse.down();
  for (let k = 1; k <= 6; k++) { await page.mouse.move(x0 + ((x1 - x0) * k) / 6, y); await frames(page, 1); }
  await page.mouse.up();
  await frames(page, 3);
}

test('brushing the timeline filters the list to that date range', async () => {
  const { page } = await openApp(browser, server.url);
  await frames(page, 3);
  const tl = (await probe(page)).timeline;
  assert.ok(tl.w > 300, 'the timeline spans the window');
  await drag(page, tl.x + tl.w * 0.55, tl.y + tl.h / 2, tl.x + tl.w * 0.8);
  const s = await state(page);
  assert.ok(s.from && s.to && s.from < s.to, `a date range was brushed: ${s.from}..${s.to}`);
  const expected = bundled.filter((a) => a.date >= s.from && a.date < s.to).length;
  const st = await stats(page);
  assert.equal(st.filtered, expected, 'the list holds exactly the articles in the brushed range');
  assert.ok(expected > 0 && expected < bundled.length);
  const rows = (await probe(page)).rows;
  for (const r of rows) {
    const a = bundled.find((x) => x.id === r.id);
    assert.ok(a.date >= s.from && a.date < s.to, `${r.id} (${a.date}) is inside the range`);
  }
  await screenshot(page, 'explorer-brush.png');
  // Undo with the keyboard brings the whole corpus back.
  await page.keyboard.press('Control+z');
  await frames(page, 3);
  assert.equal((await stats(page)).filtered, bundled.length);
  await page.close();
});

test('clicking a facet keeps only those articles, ctrl-click leaves them out', async () => {
  const { page } = await openApp(browser, server.url);
  await frames(page, 3);
  const zh = (await probe(page)).facets.find((f) => f.kind === 'lang' && f.value === 'zh');
  assert.ok(zh, 'the language facet lists zh');
  await page.mouse.click(zh.x + zh.w / 2, zh.y + zh.h / 2);
  await frames(page, 3);
  const nZh = bundled.filter((a) => a.lang === 'zh').length;
  assert.equal((await stats(page)).filtered, nZh);
  assert.deepEqual((await state(page)).facets, [{ kind: 'lang', value: 'zh', exclude: false }]);
  await screenshot(page, 'explorer-facet.png');
  const again = (await probe(page)).facets.find((f) => f.kind === 'lang' && f.value === 'zh');
  await page.keyboard.down('Control');
  await page.mouse.click(again.x + again.w / 2, again.y + again.h / 2);
  await page.keyboard.up('Control');
  await frames(page, 3);
  assert.equal((await stats(page)).filtered, bundled.length - nZh);
  assert.deepEqual((await state(page)).facets, [{ kind: 'lang', value: 'zh', exclude: true }]);
  await page.close();
});

test('a copied link reopens the same view: query, range, facet, article', async () => {
  const { page } = await openApp(browser, server.url, { permissions: ['clipboard-read', 'clipboard-write'] });
  await frames(page, 3);
  await page.mouse.click(900, 500);
  await page.keyboard.press('/');
  await frames(page, 4);
  await page.keyboard.type('internet', { delay: 10 });
  await page.waitForFunction(() => lede.stats().query === 'internet', null, { timeout: 10000 });
  await frames(page, 2);
  const tl = (await probe(page)).timeline;
  await drag(page, tl.x + tl.w * 0.3, tl.y + tl.h / 2, tl.x + tl.w * 0.99);
  const wire = (await probe(page)).facets.find((f) => f.kind === 'source' && f.value === 'Lede Sample Wire');
  await page.mouse.click(wire.x + wire.w / 2, wire.y + wire.h / 2);
  await frames(page, 3);
  const row = (await probe(page)).rows[0];
  assert.ok(row, 'there are results to open');
  await page.mouse.click(row.x + row.w / 2, row.y + 12);
  await frames(page, 3);
  const before = await state(page);
  assert.equal(before.query, 'internet');
  assert.equal(before.article, row.id);
  const copy = (await probe(page)).copyLink;
  await page.mouse.click(copy.x + copy.w / 2, copy.y + copy.h / 2);
  await frames(page, 5);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(server.url) && link.includes('#q=internet'), `copied ${link}`);
  assert.equal(await page.evaluate(() => location.hash.substring(1)), before.link, 'the address follows the view');
  await screenshot(page, 'explorer-before-link.png');

  const { page: reopened } = await openApp(browser, link);
  await frames(reopened, 4);
  const after = await state(reopened);
  assert.deepEqual({ ...after, view: null }, { ...before, view: null });
  assert.equal((await probe(reopened)).reader, row.id);
  assert.equal((await stats(reopened)).filtered, (await stats(page)).filtered);
  await screenshot(reopened, 'explorer-after-link.png');
  await page.close();
  await reopened.close();
});

test('getState and setState round-trip, and stats report filtered and frame time', async () => {
  const { page } = await openApp(browser, server.url);
  await page.evaluate(() => lede.setState({ query: 'wuzhen', from: '2014-01-01', to: '2019-01-01',
    facets: [{ kind: 'tag', value: 'wuzhen', exclude: false }], article: 'lede-sample-049' }));
  await frames(page, 4);
  const s = await state(page);
  assert.equal(s.query, 'wuzhen');
  assert.equal(s.from, '2014-01-01');
  assert.equal(s.to, '2019-01-01');
  assert.equal(s.article, 'lede-sample-049');
  // An edited getState() applies its fields (not the stale link it carries).
  await page.evaluate(() => { const x = lede.getState(); x.query = 'tcp'; x.article = null; lede.setState(x); });
  assert.equal((await state(page)).query, 'tcp');
  assert.equal((await state(page)).article, null);
  await page.evaluate((x) => lede.setState(x), s);
  assert.equal((await state(page)).query, 'wuzhen');
  await frames(page, 70);  // a full window of frames after start-up
  const st = await stats(page);
  const expected = (await page.evaluate(() => lede.search('wuzhen date:2014..2018 tag:wuzhen'))).length;
  assert.equal(st.filtered, expected);
  assert.ok(st.frameMs > 0 && st.frameMs < 100, `frameMs ${st.frameMs}`);
  await page.close();
});
