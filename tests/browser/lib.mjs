// lib.mjs: shared helpers for the browser tests: a static server for dist/ and headless Chromium.
// Uses Debian's chromium (never a downloaded browser) through playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.LEDE_DIST || path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'build', 'test-artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
  '.data': 'application/octet-stream', '.ttf': 'font/ttf', '.otf': 'font/otf', '.png': 'image/png',
};

// Serves dir on 127.0.0.1 at a free port. headers: extra response headers (e.g. a CSP). routes: paths
// answered from memory instead, {'/host.html': {body, type?, headers?} or {handler(req, res)}} ('/' is
// '/index.html'); each route counts its requests in route.hits.
export function serve(dir = DIST, headers = {}, routes = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const route = routes[url.pathname === '/' ? '/index.html' : url.pathname];
    if (route) {
      route.hits = (route.hits || 0) + 1;
      if (route.handler) { route.handler(req, res); return; }
      const type = route.type || TYPES[path.extname(url.pathname === '/' ? '/index.html' : url.pathname)] || 'text/plain';
      res.writeHead(200, { 'Content-Type': type, ...headers, ...(route.headers || {}) });
      res.end(route.body);
      return;
    }
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', ...headers });
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, origin: `http://127.0.0.1:${port}`,
        close: () => { server.closeAllConnections(); return new Promise((r) => server.close(r)); } });
    });
  });
}

// playwright gives each launch a new empty profile directory of its own.
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

// Opens the app and waits for lede.ready. Collects console errors in page.errors.
export async function openApp(browser, url, { width = 1280, height = 800, scale = 1, permissions = [] } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, permissions });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.text().includes('[imgui-error]')) page.errors.push(m.text());
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.lede && window.lede.ready, null, { timeout: 20000 });
  const stats = await page.evaluate(() => window.lede.ready);
  return { page, stats };
}

// Opens a page and waits until its Lede has loaded or failed to (lede.ready may reject).
export async function openPage(browser, url, { width = 1280, height = 800, permissions = [], offline = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, permissions });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(url);
  await settled(page);
  return page;
}

export async function settled(page, timeout = 20000) {
  await page.waitForFunction(() => window.lede && ['ready', 'failed'].includes(window.lede.stats().phase), null, { timeout });
}

// Waits for n animation frames so the canvas shows the latest state.
export async function frames(page, n = 3) {
  await page.evaluate((count) => new Promise((resolve) => {
    let left = count;
    const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file });
  return file;
}

// Fraction of canvas pixels that differ from the most common colour: 0 for a blank canvas.
export async function canvasInk(page, selector = '.lede-canvas') {
  const png = await page.locator(selector).first().screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4) {
      const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    const top = Math.max(...counts.values());
    return 1 - top / (d.length / 4);
  }, png.toString('base64'));
}

// dist/index.html with these origins in its lede-allowed-origins line.
export function indexAllowing(origins) {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const out = html.replace(/(<meta name="lede-allowed-origins" content=")[^"]*(")/, `$1${origins.join(' ')}$2`);
  if (out === html && origins.length) throw new Error('index.html has no lede-allowed-origins line');
  return out;
}

// A small corpus of n articles whose titles start with word, as JSON text.
export function smallCorpus(name, word, n) {
  const articles = [];
  for (let i = 0; i < n; i++) {
    articles.push({ id: `${word.toLowerCase()}-${i + 1}`, title: `${word} report number ${i + 1}`,
      date: `20${10 + i}-0${1 + (i % 9)}-15`, source: `${word} Gazette`, lang: 'en', tags: [word.toLowerCase()],
      text: `${word} article ${i + 1}. The ${word.toLowerCase()} desk reports on harbour works and council budgets.` });
  }
  return JSON.stringify({ name, articles });
}

// The screen-reader mirror of the page's (first) Lede, as plain data.
export async function mirror(page, root = '.lede-root') {
  return page.evaluate((sel) => {
    const r = document.querySelectorAll(sel)[0].querySelector('.lede-sr');
    return {
      label: r.querySelector('label').textContent.trim(),
      query: r.querySelector('.lede-sr-query').value,
      count: r.querySelector('.lede-sr-count').textContent,
      live: r.querySelector('.lede-sr-count').getAttribute('aria-live'),
      results: [...r.querySelectorAll('.lede-sr-results li')].map((li) => li.textContent),
      article: r.querySelector('.lede-sr-article h3') ? r.querySelector('.lede-sr-article h3').textContent : null,
      articleLive: r.querySelector('.lede-sr-article').getAttribute('aria-live'),
    };
  }, root);
}
