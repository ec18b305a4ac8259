// measure-entities.mjs: how long entity extraction takes in headless Chromium for a big corpus (by default
// Reuters-21578, 21,578 articles, served as the page's corpus.json). Not a test (node --test skips it):
//   node tests/browser/measure-entities.mjs [CORPUS]     after a web build; prints one JSON line
// entitiesMs is the extraction work (gazetteer, every article, the harmonizing pass) summed over the
// frames it was spread across; wallMs runs from the first extraction frame to the built table, so it also
// holds the frames drawn in between; frameMs is the app's mean frame time while extraction ran. Leaves a
// screenshot of the entity view in build/test-artifacts/entities-big.png.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, DIST, serve, launch, frames, screenshot } from './lib.mjs';

const corpus = process.argv[2] || path.resolve(ROOT, '../shared/corpora/reuters21578.json');
if (!fs.existsSync(corpus)) { console.error(`measure-entities: ${corpus} is absent`); process.exit(2); }
// A copy of dist/ whose corpus.json is the big corpus.
const site = fs.mkdtempSync(path.join(ROOT, 'build', 'measure-site-'));
for (const f of fs.readdirSync(DIST)) if (f !== 'corpus.json') fs.symlinkSync(path.join(DIST, f), path.join(site, f));
fs.symlinkSync(corpus, path.join(site, 'corpus.json'));
const server = await serve(site);
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => window.lede && lede.ready, null, { timeout: 60000 });
  await page.evaluate(() => lede.ready);
  const frameMs = [];
  for (;;) {
    const s = await page.evaluate(() => lede.stats());
    if (s.entityPhase === 'ready') break;
    frameMs.push(s.frameMs);
    await page.waitForTimeout(100);
  }
  const s = await page.evaluate(() => lede.stats());
  const mean = frameMs.length ? frameMs.reduce((a, b) => a + b, 0) / frameMs.length : 0;
  console.log(JSON.stringify({ corpus: path.basename(corpus), articles: s.articles, entities: s.entities,
    entitiesMs: Math.round(s.entitiesMs), wallMs: Math.round(s.entitiesWallMs), tableMs: Math.round(s.entityTableMs),
    indexMs: Math.round(s.indexMs), frameMsDuringExtraction: Math.round(mean * 10) / 10 }));
  // A look at the entity view over the big corpus: build/test-artifacts/entities-big.png.
  const tab = (await page.evaluate(() => lede._probe())).entitiesTab;
  await page.mouse.click(tab.x + tab.w / 2, tab.y + tab.h / 2);
  await frames(page, 4);
  const row = (await page.evaluate(() => lede._probe())).entityRows[3];
  if (row) await page.mouse.click(row.x + 30, row.y + row.h / 2);
  await frames(page, 6);
  await screenshot(page, 'entities-big.png');
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(site, { recursive: true, force: true });
}
