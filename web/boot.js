// boot.js: the hosted page (index.html). Reads the options in the page address, mounts one Lede filling the
// page (web/embed.js), and makes it window.lede. Inside an iframe it talks to the host page with
// postMessage; it registers the service worker (web/sw.js) so the page and its corpus open offline.
//
// Address: ?corpus=URL&q=QUERY&from=YYYY-MM-DD&to=YYYY-MM-DD&theme=auto|light|dark
//          &views=timeline,facets,results,reader,entities&compact=1  and a #fragment link (wins over q/from/to).
// A ?corpus= URL and a host page's messages are accepted only from this page's own origin and the origins
// in <meta name="lede-allowed-origins" content="https://a.example https://b.example">.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const standalone = window.LEDE_STANDALONE || null;  // set by the single-file build (scripts/single-file.mjs)

  const allowed = new Set([location.origin]);
  const meta = document.querySelector('meta[name="lede-allowed-origins"]');
  for (const entry of (meta ? meta.content : '').split(/[\s,]+/).filter(Boolean)) {
    try { allowed.add(new URL(entry).origin); } catch (e) { console.warn(`Lede: "${entry}" in lede-allowed-origins is not an origin`); }
  }
  const isAllowed = (origin) => allowed.has(origin);

  // Keys go to Lede from page load, unless it is in another page's iframe (that page keeps its focus).
  const options = { autofocus: window.parent === window, focusRing: false, linkBase: location.href.split('#')[0],
    allowedOrigins: [...allowed] };  // also holds for where a corpus URL redirects to
  const corpusParam = params.get('corpus');
  if (standalone) {
    Object.assign(options, standalone);
  } else if (corpusParam) {
    let url = null;
    try { url = new URL(corpusParam, location.href); } catch (e) { /* reported below */ }
    if (!url || !/^https?:$/.test(url.protocol)) {
      options.corpus = { name: corpusParam, error: `"${corpusParam}" (the corpus= parameter in the page address) is not an http or https URL.` };
    } else if (!isAllowed(url.origin)) {
      options.corpus = { name: url.href, error: `Lede did not load ${url.href}: this page only loads corpora from ` +
        `${[...allowed].join(', ')}. The site's owner can allow ${url.origin} in the lede-allowed-origins line of index.html.` };
    } else {
      options.corpus = url.href;
    }
  }
  for (const [key, name] of [['q', 'query'], ['query', 'query'], ['from', 'from'], ['to', 'to']]) {
    if (params.has(key)) options[name] = params.get(key);
  }
  if (params.has('theme')) options.theme = params.get('theme');
  if (params.has('views')) options.views = params.get('views');
  if (params.has('compact')) options.compact = !['0', 'false', 'no'].includes(params.get('compact'));
  if (location.hash.length > 1) options.link = location.hash.substring(1);

  const app = Lede.mount(document.getElementById('lede'), options);
  window.lede = app;

  // The address bar follows the view, so a reload or a copied address restores it.
  app.on('stateChanged', (state) => {
    try { history.replaceState(history.state, '', state.link ? '#' + state.link : location.pathname + location.search); } catch (e) { /* file:// */ }
  });

  // ---- postMessage with the host page, when in an iframe ----
  if (window.parent !== window) {
    let parentOrigin = null;
    try {
      parentOrigin = (location.ancestorOrigins && location.ancestorOrigins[0]) || (document.referrer ? new URL(document.referrer).origin : null);
    } catch (e) { parentOrigin = null; }
    const post = (message) => {
      if (parentOrigin && isAllowed(parentOrigin)) window.parent.postMessage(message, parentOrigin);
    };
    let readyTold = false;  // lede:ready goes out once, as soon as Lede is ready and the parent is known
    const tellReady = (stats) => {
      if (readyTold || !(parentOrigin && isAllowed(parentOrigin))) return;
      readyTold = true;
      post({ type: 'lede:ready', stats, state: app.getState() });
    };
    window.addEventListener('message', (event) => {
      if (event.source !== window.parent) return;
      const m = event.data;
      if (!m || typeof m !== 'object' || typeof m.type !== 'string' || !m.type.startsWith('lede:')) return;
      if (!isAllowed(event.origin)) {
        console.warn(`Lede: ignored "${m.type}" from ${event.origin}: not this page's origin nor in lede-allowed-origins`);
        return;
      }
      // Without location.ancestorOrigins or a referrer (referrerpolicy="no-referrer"), the parent's origin
      // is first known here: tell it now that Lede is ready, as it could not be told before.
      parentOrigin = event.origin;
      app.ready.then(tellReady, () => {});
      app.ready.then(() => {
        try {
          if (m.type === 'lede:setQuery') app.setQuery(m.query == null ? '' : String(m.query));
          else if (m.type === 'lede:setState') app.setState(m.state || {});
          else if (m.type === 'lede:select') { if (!app.select(m.id)) throw new Error(`no article with id "${m.id}"`); }
          else if (m.type === 'lede:getState') post({ type: 'lede:state', id: m.id, state: app.getState() });
          else throw new Error(`unknown message type "${m.type}" (known: lede:setQuery, lede:setState, lede:select, lede:getState)`);
        } catch (e) {
          post({ type: 'lede:error', id: m.id, message: e.message });
        }
      }, () => {});
    });
    app.ready.then(tellReady, (e) => post({ type: 'lede:error', message: e.message }));
    app.on('stateChanged', (state) => post({ type: 'lede:stateChanged', state }));
    app.on('articleSelected', (article) => post({ type: 'lede:articleSelected', article }));
  }

  // ---- offline: the service worker keeps the page, the app and the corpus it showed ----
  if (!standalone && 'serviceWorker' in navigator && /^https?:$/.test(location.protocol) && !params.has('nosw')) {
    // Registered once the corpus is in, so its first download does not compete with the worker's.
    const loaded = new Promise((resolve) => { app.ready.then(resolve, resolve); });
    loaded.then(() => navigator.serviceWorker.register('sw.js')).then(() => navigator.serviceWorker.ready).then((reg) => {
      // The first visit loaded these before the worker was in charge: ask it to keep them.
      const keep = () => {
        const urls = [typeof options.corpus === 'string' ? options.corpus : new URL('corpus.json', location.href).href];
        if (app.stats().cjkFont) urls.push(new URL('fonts/DroidSansFallbackFull.ttf', location.href).href);
        if (reg.active) reg.active.postMessage({ type: 'lede:keep', urls });
      };
      app.ready.then(keep, () => {});
      app.on('load', () => setTimeout(keep, 3000));
    }).catch((e) => console.warn('Lede: no offline copy (' + e.message + ')'));
  }
})();
