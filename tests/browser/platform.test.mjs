// The web platform: dropping a corpus file, the clipboard both ways, IME composition, a strict CSP,
// the screen-reader mirror and keyboard-only use from page load, and touch (tap, pan, pinch).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, serve, launch, openApp, frames, screenshot, smallCorpus, mirror } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });
const url = () => server.url + 'index.html?nosw';

// Drags a file over the page (returns whether the drop zone showed) and, unless hover, drops it.
function dragFile(page, name, text, { hover = false } = {}) {
  return page.evaluate(([n, t, h]) => {
    const root = document.querySelector('.lede-root');
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: n.endsWith('.json') ? 'application/json' : 'text/plain' }));
    const fire = (type) => root.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    fire('dragenter');
    fire('dragover');
    const shown = getComputedStyle(root.querySelector('.lede-drop')).display === 'flex';
    if (!h) fire('drop');
    return shown;
  }, [name, text, hover]);
}
const loadedAs = (page, label) => page.waitForFunction((l) => {
  const s = lede.stats();
  return s.label === l && (s.phase === 'ready' || s.phase === 'failed') && s;
}, label, { timeout: 20000 }).then((h) => h.jsonValue());

test('dropping a .json or .jsonl file opens it; other files and broken ones are explained', async (t) => {
  const { page } = await openApp(browser, url());
  t.after(() => page.context().close());
  await page.evaluate(() => { window.loads = []; lede.on('load', (s) => window.loads.push(s)); });
  await page.evaluate(() => lede.setQuery('wuzhen'));

  assert.equal(await dragFile(page, 'harbour.json', '{}', { hover: true }), true, 'the drop zone shows while dragging');
  await frames(page, 2);
  await screenshot(page, 'drop-zone.png');
  await page.evaluate(() => document.querySelector('.lede-root').dispatchEvent(new DragEvent('dragleave', { bubbles: true })));

  await dragFile(page, 'harbour.json', smallCorpus('Harbour archive', 'Harbour', 5));
  let stats = await loadedAs(page, 'harbour.json');
  assert.equal(stats.phase, 'ready');
  assert.equal(stats.articles, 5);
  assert.equal(stats.name, 'Harbour archive');
  assert.equal(stats.query, '', 'the new corpus starts with a clean filter');
  assert.equal(await page.evaluate(() => document.querySelector('.lede-drop').offsetParent), null, 'the drop zone is gone');
  assert.deepEqual(await page.evaluate(() => window.loads.map((s) => s.label)), ['harbour.json'], 'the load event fired');
  assert.match((await mirror(page)).count, /^5 articles in Harbour archive$/);
  await frames(page, 3);
  await screenshot(page, 'drop-opened.png');

  const jsonl = ['{"id":"j1","title":"Quay reopens","date":"2021-04-01","text":"The quay reopened."}',
    '{"id":"j2","title":"Ferry timetable","text": broken}',
    '{"id":"j3","title":"Harbour dues rise","date":"2022-01-09","text":"Dues rise by a tenth."}'].join('\n');
  await dragFile(page, 'desk.jsonl', jsonl);
  stats = await loadedAs(page, 'desk.jsonl');
  assert.equal(stats.phase, 'ready');
  assert.equal(stats.articles, 2, 'the good lines are kept');
  assert.equal(stats.warnings, 1, 'the broken line is reported');

  await dragFile(page, 'notes.txt', 'just some notes');
  await frames(page, 2);
  assert.match(await page.evaluate(() => document.querySelector('.lede-status').textContent), /notes\.txt is not a corpus: Lede opens \.json and \.jsonl files/);
  assert.equal((await page.evaluate(() => lede.stats())).label, 'desk.jsonl', 'the open corpus stays');

  await dragFile(page, 'broken.json', '{"name": "Half", "articles": [{"title": "x", "text": ');
  stats = await loadedAs(page, 'broken.json');
  assert.equal(stats.phase, 'failed');
  assert.ok(stats.error.length > 10, 'says what is wrong');
  await frames(page, 3);
  await screenshot(page, 'drop-broken.png');
  await dragFile(page, 'harbour.json', smallCorpus('Harbour archive', 'Harbour', 5));
  assert.equal((await loadedAs(page, 'harbour.json')).phase, 'ready', 'a good file after a broken one loads');
  assert.deepEqual(page.errors.filter((e) => !/lede: /.test(e)), []);
});

test('the clipboard works both ways between the search box and the system', async (t) => {
  const { page } = await openApp(browser, url(), { permissions: ['clipboard-read', 'clipboard-write'] });
  t.after(() => page.context().close());
  await page.evaluate(() => navigator.clipboard.writeText('"domain name" tcp'));
  const box = (await page.evaluate(() => lede._probe())).searchBox;
  await page.mouse.click(box.x + 40, box.y + box.h / 2);
  await frames(page, 3);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'lede-ime', 'typing goes to the hidden input');
  await page.keyboard.press('Control+V');
  await frames(page, 3);
  assert.equal((await page.evaluate(() => lede.stats())).query, '"domain name" tcp', 'pasted from the system clipboard');

  await page.evaluate(() => navigator.clipboard.writeText('something else'));
  await page.keyboard.press('Control+A');
  await frames(page, 2);
  await page.keyboard.press('Control+C');
  await frames(page, 3);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '"domain name" tcp', 'copied to the system clipboard');
  // Cut leaves the box empty.
  await page.keyboard.press('Control+A');
  await frames(page, 2);
  await page.keyboard.press('Control+X');
  await frames(page, 3);
  assert.equal((await page.evaluate(() => lede.stats())).query, '');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '"domain name" tcp');
});

test('IME composition (pinyin) and soft-keyboard text reach the search box through the hidden input', async (t) => {
  const { page } = await openApp(browser, url());
  t.after(() => page.context().close());
  const box = (await page.evaluate(() => lede._probe())).searchBox;
  await page.mouse.click(box.x + 40, box.y + box.h / 2);
  await frames(page, 3);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'wu', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.imeSetComposition', { text: 'wuzhen', selectionStart: 6, selectionEnd: 6 });
  await frames(page, 3);
  assert.equal((await page.evaluate(() => lede.stats())).query, '', 'nothing is typed while composing');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.lede-ime')).opacity), '1', 'the composition shows');
  await screenshot(page, 'ime-composing.png');
  const ime = await page.evaluate(() => document.querySelector('.lede-ime').getBoundingClientRect().toJSON());
  assert.ok(Math.abs(ime.y - box.y) < box.h && ime.x >= box.x && ime.x < box.x + box.w, 'the IME window opens at the search box');
  await cdp.send('Input.insertText', { text: '乌镇' });
  await frames(page, 3);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.lede-ime')).opacity), '0', 'and hides once committed');
  let stats = await page.evaluate(() => lede.stats());
  assert.equal(stats.query, '乌镇');
  assert.ok(stats.results >= 1, 'Chinese query finds articles');
  // A soft keyboard sends text with no key codes: the same path, without composition.
  await cdp.send('Input.insertText', { text: ' 大会' });
  await frames(page, 3);
  stats = await page.evaluate(() => lede.stats());
  assert.equal(stats.query, '乌镇 大会');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await frames(page, 3);
  assert.equal((await page.evaluate(() => lede.stats())).query, '乌镇 ');
  // A phone keyboard's backspace: no key code, only an edit of the input (here the browser's delete command).
  await page.evaluate(() => document.execCommand('delete'));
  await frames(page, 3);
  assert.equal((await page.evaluate(() => lede.stats())).query, '乌镇');
  await page.evaluate(() => document.execCommand('delete'));
  await frames(page, 3);
  assert.equal((await page.evaluate(() => lede.stats())).query, '乌');
  await screenshot(page, 'ime-chinese.png');
});

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'self'";

test('the page works when served with a strict Content-Security-Policy (no unsafe-eval, no inline code)', async () => {
  const js = fs.readFileSync(path.join(DIST, 'lede.js'), 'utf8') + fs.readFileSync(path.join(DIST, 'embed.js'), 'utf8') +
    fs.readFileSync(path.join(DIST, 'boot.js'), 'utf8');
  assert.doesNotMatch(js, /\beval\(|new Function\b/, 'no dynamic code in the scripts');
  const strict = await serve(undefined, { 'Content-Security-Policy': CSP });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const response = await page.goto(strict.url);
  assert.equal(response.headers()['content-security-policy'], CSP);
  const stats = await page.evaluate(() => lede.ready);
  assert.ok(stats.articles > 60);
  await page.waitForFunction(() => lede.stats().cjkFont, null, { timeout: 20000 });
  await page.evaluate(() => { lede.setQuery('wuzhen'); lede.select('lede-sample-049'); });
  await frames(page, 5);
  await page.evaluate(() => navigator.serviceWorker && navigator.serviceWorker.ready);
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
  // The policy is really in force: an inline script is refused.
  await page.evaluate(() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); });
  await page.waitForFunction(() => window.violations.length > 0);
  assert.equal(await page.evaluate(() => window.inlineRan), undefined);
  assert.match((await page.evaluate(() => window.violations))[0], /^script-src-elem inline/);
  await screenshot(page, 'csp-strict.png');
  await context.close();
  await strict.close();
});

test('keyboard only from page load, and the screen-reader mirror follows a search and the open article', async (t) => {
  const { page } = await openApp(browser, url());
  t.after(() => page.context().close());
  assert.equal(await page.evaluate(() => document.activeElement.className), 'lede-canvas', 'the explorer has focus at load');
  let m = await mirror(page);
  assert.equal(m.label, 'Search articles');
  assert.equal(m.live, 'polite');
  assert.match(m.count, /^66 articles in Lede sample corpus/);
  assert.equal(m.results.length, 21, 'the first 20 and how many more');
  assert.equal(m.results[20], 'and 46 more');

  await page.keyboard.press('/');
  await frames(page, 3);
  await page.keyboard.type('wuzhen');
  await frames(page, 3);
  const hits = await page.evaluate(() => lede.search('wuzhen'));
  m = await mirror(page);
  assert.equal(m.query, 'wuzhen');
  assert.equal(m.count, `${hits.length} results for “wuzhen” in Lede sample corpus: the Internet and its governance, 1969-2024`);
  assert.equal(m.results.length, hits.length);
  assert.ok(m.results[0].startsWith(hits[0].title + ' — '), `${m.results[0]} vs ${hits[0].title}`);
  assert.equal(m.article, null);

  await page.keyboard.press('ArrowDown');  // from the search box into the list
  await frames(page, 3);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'lede-canvas', 'keys go back to the canvas');
  await page.keyboard.press('ArrowDown');  // the first result opens
  await frames(page, 3);
  // (On a loaded machine a frame can outlast ImGui's key-repeat delay, so steps are checked by direction.)
  const index = async () => { const id = (await page.evaluate(() => lede.stats())).selected; return hits.findIndex((h) => h.id === id); };
  const first = await index();
  assert.ok(first >= 0, 'a result is open');
  m = await mirror(page);
  assert.equal(m.article, hits[first].title, 'the mirror reads the open article');
  await page.keyboard.press('ArrowDown');
  await frames(page, 3);
  const second = await index();
  assert.ok(second > first, 'down: a later result');
  await page.keyboard.press('ArrowUp');
  await frames(page, 3);
  const third = await index();
  assert.ok(third >= 0 && third < second, 'up: an earlier one');
  m = await mirror(page);
  assert.equal(m.article, hits[third].title);
  assert.equal(m.articleLive, 'polite');
  const text = await page.evaluate(() => document.querySelector('.lede-sr-article').textContent);
  assert.match(text, /Wuzhen/);
  await page.keyboard.press('Escape');
  await frames(page, 3);
  assert.match((await mirror(page)).count, /^66 articles/);
  // Tab stays inside Lede (it moves between its controls), also right after an Esc that cleared the search;
  // with nothing left to clear, Esc then Tab leaves it.
  await page.keyboard.press('Tab');
  await frames(page, 2);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'lede-canvas');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await frames(page, 2);
  assert.notEqual(await page.evaluate(() => document.activeElement.className), 'lede-canvas', 'Esc, Tab leaves Lede');
});

// Records in window.focusInTap whether the hidden text input gets focus during a tap (while its pointerup
// is being handled): phones open their keyboard only then.
async function watchFocusInTap(page) {
  await page.evaluate(() => {
    window.focusInTap = false;
    let inTap = false;
    addEventListener('pointerup', () => { inTap = true; }, true);
    addEventListener('pointerup', () => { inTap = false; });
    document.querySelector('.lede-ime').addEventListener('focus', () => { if (inTap) window.focusInTap = true; });
  });
}

test('touch: a tap on the entity filter opens the keyboard there too, and typing filters the names', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const page = await context.newPage();
  await page.goto(url());
  await page.evaluate(() => lede.entitiesReady());
  await frames(page, 3);
  const cdp = await context.newCDPSession(page);
  const tap = async (x, y) => {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  };
  const tab = (await page.evaluate(() => lede._probe())).entitiesTab;
  await tap(tab.x + tab.w / 2, tab.y + tab.h / 2);
  await frames(page, 4);
  const probe = await page.evaluate(() => lede._probe());
  assert.equal(probe.pane, 'entities');
  assert.ok(probe.textFields.length >= 2, 'the search box and the entity filter are text fields');
  const filter = probe.textFields.find((r) => r.x > probe.searchBox.x + probe.searchBox.w);
  assert.ok(filter, 'the entity filter, right of the search box');
  await watchFocusInTap(page);
  await tap(filter.x + 30, filter.y + filter.h / 2);
  assert.equal(await page.evaluate(() => window.focusInTap), true, 'focused within the tap');
  await frames(page, 3);
  await cdp.send('Input.insertText', { text: 'postel' });
  await frames(page, 4);
  const rows = (await page.evaluate(() => lede._probe())).entityRows;
  assert.ok(rows.length >= 1 && rows.every((r) => r.name.toLowerCase().includes('postel')), JSON.stringify(rows.map((r) => r.name)));
  await context.close();
});

test('touch: a tap opens an article, a drag pans the timeline, a pinch zooms it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  const page = await context.newPage();
  await page.goto(url());
  await page.evaluate(() => lede.ready);
  await frames(page, 3);
  const cdp = await context.newCDPSession(page);
  const touch = async (type, points) => {
    await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], i) => ({ x, y, id: i })) });
    await frames(page, 2);
  };
  const probe = await page.evaluate(() => lede._probe());
  const row = probe.rows[3];
  await touch('touchStart', [[row.x + 60, row.y + row.h / 2]]);
  await touch('touchEnd', []);
  await frames(page, 3);
  assert.equal((await page.evaluate(() => lede.stats())).selected, row.id, 'a tap opens the article');

  // A tap on the search box gives the text input focus at once (so a phone's keyboard opens), then typing works.
  const box = probe.searchBox;
  await watchFocusInTap(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: box.x + 50, y: box.y + box.h / 2 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  assert.equal(await page.evaluate(() => window.focusInTap), true, 'focused within the tap');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'lede-ime');
  await frames(page, 3);
  await cdp.send('Input.insertText', { text: 'internet' });
  await frames(page, 3);
  assert.equal((await page.evaluate(() => lede.stats())).query, 'internet');
  await page.evaluate(() => lede.setQuery(''));  // from outside, while the box is being edited
  await frames(page, 3);
  assert.equal((await page.evaluate(() => lede.stats())).query, '', 'the box takes the outside change');
  await touch('touchStart', [[row.x + 60, row.y + row.h / 2]]);  // back to the list, out of the box
  await touch('touchEnd', []);
  await frames(page, 3);

  const tl = probe.timeline;
  const y = tl.y + tl.h / 2, cx = tl.x + tl.w / 2;
  await touch('touchStart', [[cx, y]]);
  for (let dx = 40; dx <= 240; dx += 40) await touch('touchMove', [[cx - dx, y]]);
  await touch('touchEnd', []);
  const panned = (await page.evaluate(() => lede._probe())).timeline;
  assert.ok(panned.fromUnix > tl.fromUnix, 'dragging left shows later years');
  assert.equal(Math.round((panned.toUnix - panned.fromUnix) / 86400), Math.round((tl.toUnix - tl.fromUnix) / 86400), 'the span is kept');
  const state = await page.evaluate(() => lede.getState());
  assert.equal(state.from, null, 'a drag is not a date selection');

  await touch('touchStart', [[cx - 50, y], [cx + 50, y]]);
  for (let d = 70; d <= 170; d += 20) await touch('touchMove', [[cx - d, y], [cx + d, y]]);
  await touch('touchEnd', []);
  const zoomed = (await page.evaluate(() => lede._probe())).timeline;
  assert.equal((await page.evaluate(() => lede.getState())).from, null, 'a pinch is not a tap on a bar');
  const ratio = (zoomed.toUnix - zoomed.fromUnix) / (panned.toUnix - panned.fromUnix);
  assert.ok(ratio < 0.45 && ratio > 0.2, `pinching out 3.4x zooms in (span ratio ${ratio.toFixed(2)})`);
  await screenshot(page, 'touch-zoomed.png');
  await context.close();
});
