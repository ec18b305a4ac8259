// The app in headless Chromium, used as a journalist would: it loads the bundled corpus, draws it,
// and opens the article that is clicked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, openApp, frames, screenshot, canvasInk } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const bundled = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/corpus.json'), 'utf8'));

test('loads the bundled corpus and reports it through window.lede', async () => {
  const { page, stats } = await openApp(browser, server.url);
  assert.equal(stats.articles, bundled.articles.length);
  assert.equal(stats.phase, 'ready');
  assert.ok(stats.loadMs > 0 && stats.loadMs < 10000, `loadMs ${stats.loadMs}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('draws the list, and clicking an article opens it in the reader', async () => {
  const { page } = await openApp(browser, server.url);
  await frames(page, 5);
  assert.ok(await canvasInk(page) > 0.02, 'the canvas is blank');
  const probe = await page.evaluate(() => lede._probe());
  assert.ok(probe.rows.length >= 8, `only ${probe.rows.length} rows visible`);
  assert.equal(probe.reader, '');
  const row = probe.rows[2];
  await page.mouse.click(row.x + row.w / 2, row.y + row.h / 2);
  await frames(page, 3);
  const after = await page.evaluate(() => ({ stats: lede.stats(), probe: lede._probe() }));
  assert.equal(after.stats.selected, row.id);
  assert.equal(after.probe.reader, row.id);
  const article = bundled.articles.find((a) => a.id === row.id);
  assert.ok(article, 'clicked row is a bundled article');
  await screenshot(page, 'app-reader.png');
  await page.close();
});

test('shows Chinese articles with the CJK font and stays crisp at devicePixelRatio 2', async () => {
  const { page } = await openApp(browser, server.url, { scale: 2 });
  await page.waitForFunction(() => lede.stats().cjkFont, null, { timeout: 20000 });
  const zh = bundled.articles.find((a) => a.lang === 'zh');
  assert.ok(await page.evaluate((id) => lede.select(id), zh.id));
  await frames(page, 5);
  const size = await page.evaluate(() => [document.querySelector('.lede-canvas').width, innerWidth]);
  assert.equal(size[0], size[1] * 2, 'canvas backing store follows devicePixelRatio');
  await screenshot(page, 'app-reader-zh-hidpi.png');
  await page.close();
});

test('follows the browser window when it is resized', async () => {
  const { page } = await openApp(browser, server.url);
  await page.setViewportSize({ width: 900, height: 600 });
  await frames(page, 5);
  const dims = await page.evaluate(() => {
    const c = document.querySelector('.lede-canvas');
    return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight };
  });
  assert.deepEqual(dims, { w: 900, h: 600, cw: 900, ch: 600 });
  await page.close();
});

test('follows the browser between light and dark themes while open', async () => {
  const { page } = await openApp(browser, server.url);
  await frames(page, 3);
  // Brightness of a pixel of empty background near the bottom-left corner, from a real screenshot.
  const corner = async () => {
    const png = await page.screenshot({ clip: { x: 4, y: 795, width: 1, height: 1 } });
    return page.evaluate(async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const o = new OffscreenCanvas(1, 1).getContext('2d');
      o.drawImage(img, 0, 0);
      const d = o.getImageData(0, 0, 1, 1).data;
      return d[0] + d[1] + d[2];
    }, png.toString('base64'));
  };
  const light = await corner();
  await page.emulateMedia({ colorScheme: 'dark' });
  await frames(page, 4);
  const dark = await corner();
  assert.ok(light > 600 && dark < 200, `background light ${light}, dark ${dark}`);
  await page.close();
});
