// Embedding: two Lede.mount() instances on one newsroom page, the iframe's postMessage protocol with an
// allowed and a refused host origin, and ?corpus= URLs from allowed, refused and CORS-less origins.
// Every server below is a separate origin (its own port on 127.0.0.1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, frames, screenshot, canvasInk, indexAllowing, smallCorpus, mirror } from './lib.mjs';

let browser;
const servers = [];
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); await Promise.all(servers.map((s) => s.close())); });
async function server(routes = {}, headers = {}) {
  const s = await serve(undefined, headers, routes);
  servers.push(s);
  return s;
}
const json = (body, headers = {}) => ({ body, type: 'application/json', headers });

const HOST_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The Harbour Courier: archives</title>
<style>body { font: 16px Georgia, serif; margin: 16px 24px; background: #fff; color: #222; }
h1 { font-size: 22px; margin: 0 0 8px; } p { margin: 6px 0 10px; } #a { width: 900px; height: 400px; } #b { width: 620px; height: 340px; }</style>
</head><body><h1>The Harbour Courier: explore our archives</h1>
<p>Two explorers on one page, each with its own archive.</p>
<div id="a"></div><p>Below: the business desk, compact.</p><div id="b"></div>
<script src="/embed.js"></script>
<script>
  window.events = [];
  window.apps = [
    Lede.mount('#a', { corpus: '/alpha.json' }),
    Lede.mount(document.getElementById('b'), { corpus: '/beta.json', views: ['results', 'reader'], compact: true, theme: 'dark' }),
  ];
  apps.forEach((app, i) => app.on('articleSelected', (a) => events.push([i, a.id])));
</script></body></html>`;

test('a host page embeds two instances with different corpora, each sized by its element', async () => {
  const s = await server({
    '/host.html': { body: HOST_PAGE },
    '/alpha.json': json(smallCorpus('Alpha archive', 'Alpha', 5)),
    '/beta.json': json(smallCorpus('Beta archive', 'Beta', 7)),
  });
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(s.url + 'host.html');
  const stats = await page.evaluate(() => Promise.all(apps.map((a) => a.ready)));
  assert.deepEqual(stats.map((x) => [x.articles, x.name]), [[5, 'Alpha archive'], [7, 'Beta archive']]);
  assert.equal(await page.title(), 'The Harbour Courier: archives', 'the host page keeps its title');
  await frames(page, 4);

  // Each canvas fills its host element; resizing the element resizes the app.
  const sizes = await page.evaluate(() => apps.map((a) => [a.canvas.width, a.canvas.height, a.element.parentElement.clientWidth, a.element.parentElement.clientHeight]));
  assert.deepEqual(sizes, [[900, 400, 900, 400], [620, 340, 620, 340]]);
  await page.evaluate(() => { document.getElementById('a').style.height = '360px'; });
  await frames(page, 4);
  assert.equal(await page.evaluate(() => apps[0].canvas.height), 360);
  await page.evaluate(() => { document.getElementById('a').style.height = '400px'; });
  await frames(page, 4);

  // The second shows only the list and the reader (no timeline, no facets).
  const [pa, pb] = await page.evaluate(() => apps.map((a) => a._probe()));
  assert.ok(pa.timeline.w > 0 && pa.facets.length === 3, 'first: timeline and facets');
  assert.ok(pa.rows.length >= 2 && pa.rows.every((r) => r.id.startsWith('alpha-')), 'first: its own articles');
  assert.equal(pb.timeline.w, 0, 'second: no timeline');
  assert.equal(pb.facets.length, 0, 'second: no facets');
  assert.ok(pb.rows.length >= 4 && pb.rows.every((r) => r.id.startsWith('beta-')), 'second: its own articles');

  // Keys go to the instance that has focus, and only to it.
  const boxA = await page.evaluate(() => apps[0].canvas.getBoundingClientRect().toJSON());
  await page.mouse.click(boxA.x + pa.searchBox.x + 40, boxA.y + pa.searchBox.y + pa.searchBox.h / 2);
  await frames(page, 3);
  await page.keyboard.type('report 3');
  await frames(page, 3);
  const q = await page.evaluate(() => apps.map((a) => a.stats()));
  assert.equal(q[0].query, 'report 3');
  assert.equal(q[1].query, '', 'the other instance did not get the keys');
  assert.equal(q[0].results, 1);

  // A click in the second opens its article and fires its own event.
  const boxB = await page.evaluate(() => apps[1].canvas.getBoundingClientRect().toJSON());
  const row = pb.rows[1];
  await page.mouse.click(boxB.x + row.x + row.w / 2, boxB.y + row.y + row.h / 2);
  await frames(page, 4);
  assert.deepEqual(await page.evaluate(() => window.events), [[1, row.id]]);
  assert.equal(await page.evaluate(() => apps[0].stats().selected), '');
  // Each has its own screen-reader mirror.
  assert.match((await mirror(page)).count, /1 result for “report 3” in Alpha archive/);
  assert.match((await page.evaluate(() => apps[1].element.querySelector('.lede-sr-article h3').textContent)), /^Beta report number/);
  assert.ok(await canvasInk(page, '#b .lede-canvas') > 0.02, 'the second canvas is drawn');
  await screenshot(page, 'embed-two-instances.png');

  // Scrolled out of view, an explorer stops drawing; back in view it carries on.
  await page.evaluate(() => { document.body.style.paddingBottom = '3000px'; document.getElementById('b').scrollIntoView(); window.scrollBy(0, 1500); });
  await page.waitForFunction(() => apps.every((a) => a.stats().paused), null, { timeout: 5000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => apps.every((a) => !a.stats().paused), null, { timeout: 5000 });
  await page.evaluate(() => apps[0].setQuery('report 4'));
  await frames(page, 4);
  assert.equal(await page.evaluate(() => apps[0]._probe().rows[0].id), 'alpha-4', 'drawing again after scrolling back');

  // stateChanged comes at most every 150 ms, and the last change is always told.
  const told = await page.evaluate(async () => {
    const seen = [];
    apps[0].on('stateChanged', (st) => seen.push([performance.now(), st.query]));
    for (let i = 0; i < 12; i++) {
      apps[0].setQuery('report ' + i);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    await new Promise((r) => setTimeout(r, 400));
    return seen;
  });
  assert.ok(told.length >= 2, `${told.length} events`);
  assert.equal(told[told.length - 1][1], 'report 11', 'the last change is told');
  for (let i = 1; i < told.length; i++) assert.ok(told[i][0] - told[i - 1][0] >= 140, `events ${told[i][0] - told[i - 1][0]} ms apart`);

  // Unmounting one leaves the other working.
  await page.evaluate(() => apps[1].unmount());
  assert.equal(await page.evaluate(() => document.querySelectorAll('.lede-root').length), 1);
  await page.evaluate(() => apps[0].setQuery('report 5'));
  await frames(page, 4);
  assert.equal(await page.evaluate(() => apps[0]._probe().rows[0].id), 'alpha-5');
  assert.deepEqual(errors, []);
  await context.close();
});

const IFRAME_HOST = (src, appOrigin) => `<!doctype html><html><head><meta charset="utf-8"><title>Host</title>
<style>body { margin: 0; font: 15px sans-serif; } iframe { width: 1000px; height: 640px; border: 0; }</style></head>
<body><iframe src="${src}" title="Lede news explorer"></iframe>
<script>
  window.got = [];
  addEventListener('message', (e) => got.push({ origin: e.origin, data: e.data }));
  window.send = (m) => document.querySelector('iframe').contentWindow.postMessage(m, '${appOrigin}');
</script></body></html>`;

test('postMessage round trip with an allowed host page; a refused host gets nothing and changes nothing', async () => {
  // Route tables are read per request, so they can be filled once every origin is known.
  const hostRoutes = {}, refusedRoutes = {}, appRoutes = {};
  const host = await server(hostRoutes), refused = await server(refusedRoutes), app = await server(appRoutes);
  appRoutes['/index.html'] = { body: indexAllowing([host.origin]) };
  const src = app.url + 'index.html?q=wuzhen&compact=1';
  hostRoutes['/host.html'] = refusedRoutes['/host.html'] = { body: IFRAME_HOST(src, app.origin) };

  const context = await browser.newContext({ viewport: { width: 1040, height: 700 } });
  const page = await context.newPage();
  await page.goto(host.url + 'host.html');
  const got = (type) => page.waitForFunction((t) => window.got.find((m) => m.data.type === t), type, { timeout: 20000 })
    .then((h) => h.jsonValue());
  const ready = await got('lede:ready');
  assert.equal(ready.origin, app.origin);
  assert.ok(ready.data.stats.articles > 60);
  assert.equal(ready.data.state.query, 'wuzhen', 'the iframe applied ?q= from its address');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'BODY', 'the iframe does not take the focus');

  await page.evaluate(() => send({ type: 'lede:setQuery', query: 'internet governance' }));
  const changed = await page.waitForFunction(() => window.got.find((m) => m.data.type === 'lede:stateChanged' &&
    m.data.state.query === 'internet governance'), null, { timeout: 10000 }).then((h) => h.jsonValue());
  assert.match(changed.data.state.link, /q=internet%20governance/);

  await page.evaluate(() => send({ type: 'lede:setState', state: { query: 'wuzhen', from: '2014-01-01', to: '2017-01-01' } }));
  await page.evaluate(() => send({ type: 'lede:getState', id: 7 }));
  const state = await got('lede:state');
  assert.equal(state.data.id, 7);
  assert.equal(state.data.state.query, 'wuzhen');
  assert.equal(state.data.state.from, '2014-01-01');
  assert.equal(state.data.state.to, '2017-01-01', 'through 2016 (to: the first day after, as in getState)');

  await page.evaluate(() => send({ type: 'lede:select', id: 'lede-sample-049' }));
  const selected = await got('lede:articleSelected');
  assert.equal(selected.data.article.id, 'lede-sample-049');
  assert.ok(selected.data.article.title.length > 10);
  await page.evaluate(() => send({ type: 'lede:nonsense' }));
  assert.match((await got('lede:error')).data.message, /unknown message type "lede:nonsense"/);
  assert.ok((await page.evaluate(() => window.got)).every((m) => m.origin === app.origin));
  await frames(page, 4);
  await screenshot(page, 'embed-iframe-host.png');

  // The same iframe in a page from an origin the app does not allow.
  const other = await context.newPage();
  await other.goto(refused.url + 'host.html');
  const frame = other.frames().find((f) => f.url().startsWith(app.url));
  await frame.waitForFunction(() => window.lede && window.lede.stats().phase === 'ready', null, { timeout: 20000 });
  await other.evaluate(() => send({ type: 'lede:setQuery', query: 'spam' }));
  await frames(other, 10);
  assert.equal(await frame.evaluate(() => lede.stats().query), 'wuzhen', 'a refused origin cannot drive the app');
  assert.deepEqual(await other.evaluate(() => window.got), [], 'and hears nothing from it');
  await context.close();
});

test('?corpus= loads from an allowed origin with progress, and explains a refused origin and a missing CORS header', async () => {
  const beta = smallCorpus('Beta archive', 'Beta', 7);
  const corpusRoutes = {
    '/beta.json': json(beta, { 'Access-Control-Allow-Origin': '*' }),
    '/nocors.json': json(beta),
    // Half the file, a pause, then the rest: the app shows how much has arrived.
    '/slow.json': { handler: (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(beta),
        'Access-Control-Allow-Origin': '*' });
      res.write(beta.slice(0, 400));
      setTimeout(() => res.end(beta.slice(400)), 2500);
    } },
  };
  const refusedRoutes = { '/gamma.json': json(smallCorpus('Gamma', 'Gamma', 3), { 'Access-Control-Allow-Origin': '*' }) };
  const appRoutes = {};
  const corpora = await server(corpusRoutes), refused = await server(refusedRoutes), app = await server(appRoutes);
  appRoutes['/index.html'] = { body: indexAllowing([corpora.origin]) };
  const open = (url) => openPage(browser, app.url + 'index.html?nosw&corpus=' + encodeURIComponent(url));

  let page = await open(corpora.url + 'beta.json');
  let stats = await page.evaluate(() => lede.stats());
  assert.equal(stats.phase, 'ready');
  assert.equal(stats.name, 'Beta archive');
  assert.equal(stats.articles, 7);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  // A corpus on its way: bytes received and expected, in the header's progress bar.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  await page.goto(app.url + 'index.html?nosw&corpus=' + encodeURIComponent(corpora.url + 'slow.json'));
  const partial = await page.waitForFunction(() => window.lede && lede.stats().bytes > 0 && lede.stats(), null, { timeout: 20000 })
    .then((h) => h.jsonValue());
  assert.equal(partial.phase, 'loading');
  assert.equal(partial.bytes, 400);
  assert.equal(partial.bytesTotal, Buffer.byteLength(beta));
  await frames(page, 3);
  await screenshot(page, 'corpus-progress.png');
  // A file dropped meanwhile wins, even though the download finishes after it.
  await page.evaluate((text) => {
    const root = document.querySelector('.lede-root');
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    for (const type of ['dragenter', 'dragover', 'drop']) root.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, smallCorpus('Dropped', 'Dropped', 3));
  await page.waitForFunction(() => lede.stats().phase === 'ready', null, { timeout: 20000 });
  await page.waitForTimeout(3000);  // the slow download has ended by now
  const after = await page.evaluate(() => lede.stats());
  assert.deepEqual([after.label, after.articles], ['dropped.json', 3]);
  await context.close();

  page = await open(refused.url + 'gamma.json');
  stats = await page.evaluate(() => lede.stats());
  assert.equal(stats.phase, 'failed');
  assert.match(stats.error, new RegExp(`did not load ${refused.url}gamma.json: this page only loads corpora from ${app.origin}, ${corpora.origin}`));
  assert.match(stats.error, /lede-allowed-origins/);
  assert.equal(refusedRoutes['/gamma.json'].hits, undefined, 'the refused origin was never asked');
  assert.match((await mirror(page)).count, /could not be loaded/);
  await frames(page, 3);
  await screenshot(page, 'corpus-refused.png');
  await page.context().close();

  // An allowed origin that redirects elsewhere does not smuggle a refused origin's corpus in.
  corpusRoutes['/moved.json'] = { handler: (req, res) => {
    res.writeHead(302, { Location: refused.url + 'gamma.json', 'Access-Control-Allow-Origin': '*' });
    res.end();
  } };
  page = await open(corpora.url + 'moved.json');
  stats = await page.evaluate(() => lede.stats());
  assert.equal(stats.phase, 'failed');
  assert.match(stats.error, new RegExp(`redirects to ${refused.url}gamma.json, and ${refused.origin} is not an allowed origin`));
  await page.context().close();

  page = await open(corpora.url + 'nocors.json');
  stats = await page.evaluate(() => lede.stats());
  assert.equal(stats.phase, 'failed');
  assert.match(stats.error, new RegExp(`${corpora.origin} answered but does not let this page read`));
  assert.match(stats.error, new RegExp(`Access-Control-Allow-Origin: ${app.origin}`));
  await frames(page, 3);
  await screenshot(page, 'corpus-cors.png');
  await page.context().close();

  page = await open('/missing.json');
  stats = await page.evaluate(() => lede.stats());
  assert.equal(stats.phase, 'failed');
  assert.match(stats.error, /"404 Not Found" for http:\/\/127\.0\.0\.1:\d+\/missing\.json/);
  await page.context().close();
});

test('the hosted page takes its options from its address: views, theme, dates, query', async (t) => {
  const s = await server();
  const page = await openPage(browser, s.url + 'index.html?nosw&views=results,reader&theme=dark&q=internet&from=2000-01-01&to=2009-12-31');
  t.after(() => page.context().close());
  await frames(page, 4);
  const probe = await page.evaluate(() => lede._probe());
  assert.equal(probe.timeline.w, 0, 'no timeline');
  assert.equal(probe.facets.length, 0, 'no facets');
  assert.ok(probe.rows.length > 0);
  const state = await page.evaluate(() => lede.getState());
  assert.equal(state.query, 'internet');
  assert.equal(state.from, '2000-01-01');
  assert.equal(state.to, '2010-01-01', 'to= is inclusive; getState holds the day after');
  assert.ok(await page.evaluate(() => document.querySelector('.lede-root').classList.contains('lede-dark')));
  // The app itself is drawn dark: a pixel of background near the bottom-left corner.
  const png = await page.screenshot({ clip: { x: 4, y: 795, width: 1, height: 1 } });
  const brightness = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = new OffscreenCanvas(1, 1).getContext('2d');
    c.drawImage(img, 0, 0);
    const d = c.getImageData(0, 0, 1, 1).data;
    return d[0] + d[1] + d[2];
  }, png.toString('base64'));
  assert.ok(brightness < 200, `dark background (${brightness})`);
  assert.match(page.url(), /#q=internet&from=2000-01-01&to=2010-01-01/, 'the address follows the view');
  await screenshot(page, 'hosted-options.png');
});

test('Lede.mount works from another origin than the host page when Lede\'s server allows it (CORS)', async (t) => {
  const lede = await server({}, { 'Access-Control-Allow-Origin': '*' });
  const host = await server({ '/host.html': { body: `<!doctype html><title>Other site</title><body style="margin:0">
<div id="x" style="width:900px;height:500px"></div><script src="${lede.url}embed.js"></script>
<script>window.app = Lede.mount('#x', { query: 'wuzhen' });</script></body>` } });
  const context = await browser.newContext({ viewport: { width: 1000, height: 600 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(host.url + 'host.html');
  const stats = await page.evaluate(() => app.ready);
  assert.equal(stats.articles, 66, 'the bundled corpus came from Lede\'s own directory');
  assert.equal(stats.query, 'wuzhen');
  await page.waitForFunction(() => app.stats().cjkFont, null, { timeout: 20000 });
  assert.deepEqual(errors, []);
});
