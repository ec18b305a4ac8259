// Entities in the browser, used with the mouse: the entity view lists the bundled corpus's names and a
// click filters the articles; corrections made in the view and through lede.correctEntities survive a
// reload (localStorage); Export downloads a file lede-cli accepts; Import refuses a broken file without
// losing anything; the reader underlines names by type. Screenshots go to build/test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, serve, launch, openApp, frames, screenshot } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const CLI = process.env.LEDE_CLI || path.join(ROOT, 'build/native/lede-cli');
const CORPUS = path.join(ROOT, 'assets/corpus.json');
const probe = (page) => page.evaluate(() => lede._probe());
const stats = (page) => page.evaluate(() => lede.stats());
const center = (r) => [r.x + Math.min(r.w / 2, 40), r.y + r.h / 2];

async function openEntities(page) {
  await page.evaluate(() => lede.entitiesReady());
  await frames(page, 2);
  const tab = (await probe(page)).entitiesTab;
  await page.mouse.click(tab.x + tab.w / 2, tab.y + tab.h / 2);
  await frames(page, 3);
  assert.equal((await probe(page)).pane, 'entities');
}

async function clickRow(page, name) {
  const row = (await probe(page)).entityRows.find((r) => r.name === name);
  assert.ok(row, `${name} is listed in the entity view`);
  await page.mouse.click(...center(row));
  await frames(page, 4);
}

test('the entity view lists the corpus\'s names and clicking one filters every view', async () => {
  const { page } = await openApp(browser, server.url);
  await openEntities(page);
  const st = await stats(page);
  assert.equal(st.entityPhase, 'ready');
  assert.ok(st.entities > 100, `names found: ${st.entities}`);
  assert.ok(st.entitiesMs > 0 && st.entitiesMs < 4000, `extraction took ${st.entitiesMs} ms`);
  const rows = (await probe(page)).entityRows;
  assert.ok(rows.length >= 10, 'the table fills the pane');
  const top = await page.evaluate(() => lede.entities({ limit: 5 }));
  assert.equal(rows[0].name, top[0].name, 'most articles first, in the view as in the API');
  await screenshot(page, 'entities-view.png');

  await clickRow(page, 'Jon Postel');
  const s = await page.evaluate(() => lede.getState());
  assert.equal(s.query, 'entity:"Jon Postel"');
  const postel = await page.evaluate(() => lede.entity('Jon Postel'));
  assert.equal(postel.type, 'person');
  assert.equal((await stats(page)).filtered, postel.articles, 'the list holds exactly the articles naming him');
  assert.ok(postel.cooccurring.length > 0, 'he appears with other names');
  // The table now counts within his articles: every row is named in at most that many.
  const sel = await page.evaluate(() => lede.entities({ limit: 0 }));
  for (const e of sel) assert.ok(e.selected <= postel.articles, `${e.name}: ${e.selected}`);
  // His series is drawn on the timeline and listed in its header (screenshot), the reader is one click away.
  await screenshot(page, 'entities-filtered.png');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('merge, rename and hide persist across a reload', async () => {
  const { page } = await openApp(browser, server.url);
  await openEntities(page);
  // Hide with the mouse: focus Geneva, press Hide.
  await clickRow(page, 'Geneva');
  const hide = (await probe(page)).hideEntity;
  await page.mouse.click(hide.x + hide.w / 2, hide.y + hide.h / 2);
  await frames(page, 3);
  assert.equal((await page.evaluate(() => lede.entity('Geneva'))).hidden, true);
  assert.ok(!(await probe(page)).entityRows.some((r) => r.name === 'Geneva'), 'hidden names leave the table');
  // Merge and rename through the API.
  const r = await page.evaluate(() => lede.correctEntities([
    { op: 'merge', name: 'ARPANET', into: 'Jon Postel' }, { op: 'rename', name: 'Jon Postel', to: 'Jonathan B. Postel' }]));
  assert.equal(r.ok, true, r.error);
  assert.equal(r.corrections, 3);
  const bad = await page.evaluate(() => lede.correctEntities([{ op: 'merge', name: 'X' }]));
  assert.equal(bad.ok, true);
  assert.match(bad.warnings[0], /ops\[0\].*into/);
  assert.equal(bad.corrections, 3, 'an unusable op adds nothing');
  const merged = await page.evaluate(() => lede.entity('ARPANET'));
  assert.equal(merged.name, 'Jonathan B. Postel');

  await page.reload();
  await page.waitForFunction(() => window.lede && lede.ready, null, { timeout: 20000 });
  await page.evaluate(() => lede.ready);
  await page.evaluate(() => lede.entitiesReady());
  const st = await stats(page);
  assert.equal(st.corrections, 3, 'the corrections came back from localStorage');
  assert.equal((await page.evaluate(() => lede.entity('Geneva'))).hidden, true);
  assert.equal((await page.evaluate(() => lede.entity('ARPANET'))).name, 'Jonathan B. Postel');
  assert.equal((await page.evaluate(() => lede.entity('Jon Postel'))).name, 'Jonathan B. Postel');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lede.entityCorrections:')));
  assert.equal(stored.length, 1);
  await page.close();
});

test('Export downloads a corrections file that lede-cli accepts; Import refuses a broken one', async () => {
  assert.ok(fs.existsSync(CLI), `${CLI} is built (native build first)`);
  const { page } = await openApp(browser, server.url);
  await openEntities(page);
  await page.evaluate(() => lede.correctEntities([{ op: 'hide', name: 'Geneva' },
    { op: 'rename', name: 'Jon Postel', to: 'Jonathan B. Postel' }, { op: 'type', name: 'ARPANET', type: 'other' }]));
  await frames(page, 2);
  const exp = (await probe(page)).exportCorrections;
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.mouse.click(exp.x + exp.w / 2, exp.y + exp.h / 2)]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lede-corr-'));
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  assert.equal(path.basename(file), 'lede-entity-corrections.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(json.lede_entity_corrections, 1);
  assert.deepEqual(json.ops.map((o) => o.op), ['hide', 'rename', 'type']);

  const list = (extra) => JSON.parse(execFileSync(CLI, ['entities', CORPUS, '--json', ...extra], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  const before = list([]);
  const after = list(['--corrections', file]);
  assert.ok(before.some((e) => e.name === 'Geneva') && before.some((e) => e.name === 'Jon Postel'));
  assert.ok(!after.some((e) => e.name === 'Geneva'), 'hidden in the CLI too');
  assert.ok(after.some((e) => e.name === 'Jonathan B. Postel' && e.type === 'person'));
  assert.equal(after.find((e) => e.name === 'ARPANET').type, 'other');
  // The CLI lists what the app lists.
  const app = await page.evaluate(() => lede.entities({ limit: 0 }));
  assert.deepEqual(app.map((e) => e.name).sort(), after.map((e) => e.name).sort());

  // Import: a broken file changes nothing and says where; a good one replaces the corrections.
  const broken = path.join(dir, 'broken.json');
  fs.writeFileSync(broken, '{"lede_entity_corrections": 1, "ops": [{"op": "hide", ');
  const imp = (await probe(page)).importCorrections;
  let [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.mouse.click(imp.x + imp.w / 2, imp.y + imp.h / 2)]);
  await chooser.setFiles(broken);
  await page.waitForFunction(() => true);
  await frames(page, 4);
  assert.equal((await stats(page)).corrections, 3, 'nothing lost');
  await screenshot(page, 'entities-import-error.png');
  const good = path.join(dir, 'good.json');
  fs.writeFileSync(good, JSON.stringify({ lede_entity_corrections: 1, ops: [{ op: 'hide', name: 'China' }] }));
  [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.mouse.click(imp.x + imp.w / 2, imp.y + imp.h / 2)]);
  await chooser.setFiles(good);
  await page.waitForFunction(() => lede.stats().corrections === 1, null, { timeout: 5000 });
  assert.equal((await page.evaluate(() => lede.entity('China'))).hidden, true);
  assert.equal((await page.evaluate(() => lede.entity('Geneva'))).hidden, false);
  fs.rmSync(dir, { recursive: true, force: true });
  await page.close();
});

test('the reader underlines names by type, next to the search highlights', async () => {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.lede && lede.ready, null, { timeout: 20000 });
    await page.evaluate(() => lede.ready);
    await page.evaluate(() => lede.entitiesReady());
    await page.evaluate(() => lede.setQuery('postel'));
    const id = (await page.evaluate(() => lede.search('postel')))[0].id;
    assert.ok(await page.evaluate((x) => lede.select(x), id));
    await frames(page, 4);
    const p = await probe(page);
    assert.equal(p.reader, id);
    assert.ok(p.readerHighlights > 0, 'search matches still highlighted');
    const types = new Set(p.readerMarks.map((m) => m.type));
    assert.ok(types.has('person') && types.has('organization'), `typed marks: ${[...types]}`);
    const mark = p.readerMarks.find((m) => m.name === 'Jon Postel' && !m.title);
    assert.ok(mark, 'Jon Postel is marked in the text');
    await page.mouse.move(mark.x + mark.w / 2, mark.y + mark.h / 2);
    await frames(page, 8);
    await screenshot(page, `entities-reader-${scheme}.png`);
    await page.mouse.click(mark.x + mark.w / 2, mark.y + mark.h / 2);
    await frames(page, 3);
    assert.match((await page.evaluate(() => lede.getState())).query, /entity:"Jon Postel"/);
    await context.close();
  }
});
