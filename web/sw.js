// sw.js: Lede's service worker. After a first visit the page, the app and the corpus it showed open with
// no network. Requests go to the network first (so a newer app or corpus is seen at once) and fall back to
// the copy kept here; every successful GET is kept. The page asks (message 'lede:keep') for the corpus
// and font it fetched before this worker was in charge.
const CACHE = 'lede-v1';
const SHELL = ['./', 'index.html', 'boot.js', 'embed.js', 'lede.js', 'lede.wasm', 'lede.data', 'lede.css',
  'favicon.svg', 'corpus.json'];

self.addEventListener('install', (event) => {
  // Each file on its own: a site that leaves one out (say corpus.json, using ?corpus= only) still works offline.
  event.waitUntil(caches.open(CACHE)
    .then((cache) => Promise.allSettled(SHELL.map((url) => cache.add(url))))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('lede-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

function keep(request, response) {
  if (response && response.ok && (response.type === 'basic' || response.type === 'cors')) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !/^https?:/.test(request.url)) return;
  event.respondWith(fetch(request).then((response) => keep(request, response)).catch(async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request) ||
      (request.mode === 'navigate' ? await cache.match(request, { ignoreSearch: true }) || await cache.match('index.html') : undefined);
    return hit || Response.error();
  }));
});

self.addEventListener('message', (event) => {
  const m = event.data;
  if (!m || m.type !== 'lede:keep' || !Array.isArray(m.urls)) return;
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(m.urls.map(async (url) => {
    if (await cache.match(url)) return;
    try {
      const response = await fetch(url, { mode: 'cors', credentials: 'same-origin' });
      if (response.ok) await cache.put(url, response);
    } catch (e) { /* offline or refused: nothing to keep */ }
  }))));
});
