// boot.js: configures the Emscripten Module before lede.js loads, and defines window.lede, the page's
// JavaScript API:
//   await lede.ready          resolves with stats() once the corpus is loaded (rejects if it cannot be)
//   lede.stats()              {articles, loadMs, parseMs, indexMs, skipped, warnings, phase, error, frameMs,
//                              selected, query, results}
//   lede.search(q)            top 20 for a query, [{id, title, date, score}] (the view is not changed)
//   lede.setQuery(q)          puts q in the search box and shows its results
//   lede.select(id)           opens an article in the reader; false when there is no such id
//   lede.getState()           {query, from, to, facets, article, sort, view, link}
//   lede.setState(s)          applies a state from getState() (or its .link fragment)
//   lede.entitiesReady()      resolves with stats() once names are extracted (after ready, during frames)
//   lede.entities({limit})    [{name, type, articles, mentions, selected, hidden}] by articles, hidden left out
//   lede.entity(name)         {name, type, articles, mentions, first, last, aliases, cooccurring, ...} or null
//   lede.correctEntities(ops) applies [{op: "merge"|"rename"|"type"|"hide"|"show", name, into|to|type}];
//                             {ok, error, warnings, corrections}
//   lede.exportCorrections()  the corrections file as a string ({"lede_entity_corrections": 1, "ops": [...]})
//   lede.importCorrections(s) replaces the corrections with a file's; {ok, message}
//   lede.setEntitySource(s)   "both" | "supplied" | "extracted"
(function () {
  'use strict';
  const canvas = document.getElementById('canvas');
  const status = document.getElementById('lede-status');
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });

  let runtimeReady = false;
  function call(name, ret, types, args) {
    if (!runtimeReady) throw new Error('Lede is still starting; await lede.ready first');
    return window.Module.ccall(name, ret, types || [], args || []);
  }

  window.Module = {
    canvas: canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    setStatus: (text) => { if (text && status) status.textContent = text; },
    onRuntimeInitialized: () => {
      runtimeReady = true;
      // Follow the system's light / dark theme while the page is open.
      const dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)');
      if (dark && dark.addEventListener) dark.addEventListener('change', (e) => call('lede_set_dark', null, ['number'], [e.matches ? 1 : 0]));
    },
    // Called by the app (platform_web.cpp) when the corpus has loaded or failed to.
    ledeLoaded: (ok, error) => {
      if (ok) {
        status.classList.add('hidden');
        resolveReady(lede.stats());
      } else {
        status.classList.add('hidden');
        rejectReady(new Error(error || 'the corpus could not be loaded'));
      }
    },
    // "Copy link": the async clipboard API, with the textarea fallback for pages without permission.
    ledeCopy: (url) => {
      const fallback = () => {
        const t = document.createElement('textarea');
        t.value = url;
        t.setAttribute('readonly', '');
        t.style.position = 'fixed';
        t.style.opacity = '0';
        document.body.appendChild(t);
        t.select();
        try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
        t.remove();
        canvas.focus();
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(url).catch(fallback);
      else fallback();
    },
    // Entity corrections, kept per corpus in localStorage (platform_web.cpp calls these).
    ledeCorrectionsLoad: (corpus) => {
      try { return localStorage.getItem('lede.entityCorrections:' + corpus); } catch (e) { return null; }
    },
    ledeCorrectionsSave: (corpus, json) => {
      try { localStorage.setItem('lede.entityCorrections:' + corpus, json); } catch (e) { console.warn('Lede: corrections not saved: ' + e); }
    },
    ledeDownload: (name, text) => {
      const url = URL.createObjectURL(new Blob([text + '\n'], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      return 1;
    },
    ledePickCorrections: () => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.json,application/json';
      input.style.display = 'none';
      input.addEventListener('change', async () => {
        const file = input.files && input.files[0];
        input.remove();
        if (file) call('lede_import_corrections', 'string', ['string'], [await file.text()]);
        canvas.focus();
      });
      document.body.appendChild(input);
      input.click();
    },
    onAbort: (what) => {
      status.classList.remove('hidden');
      status.classList.add('error');
      status.textContent = 'Lede stopped: ' + what;
      rejectReady(new Error(String(what)));
    },
  };
  // Keep the page alive if nobody awaits a failed load.
  ready.catch(() => {});
  canvas.addEventListener('webglcontextlost', (e) => {
    status.textContent = 'The graphics context was lost; reload the page.';
    status.classList.remove('hidden');
    e.preventDefault();
  });

  const lede = {
    ready: ready,
    stats: () => (runtimeReady ? JSON.parse(call('lede_stats_json', 'string')) : { phase: 'starting', articles: 0 }),
    select: (id) => call('lede_select', 'number', ['string'], [String(id)]) === 1,
    search: (q) => JSON.parse(call('lede_search_json', 'string', ['string'], [String(q)])).hits,
    setQuery: (q) => { call('lede_set_query', null, ['string'], [String(q)]); },
    getState: () => JSON.parse(call('lede_get_state', 'string')),
    setState: (s) => {
      if (typeof s === 'string') { call('lede_set_link', null, ['string'], [s]); return; }
      const enc = encodeURIComponent;
      const parts = [];
      if (s.query) parts.push('q=' + enc(s.query));
      if (s.from) parts.push('from=' + enc(s.from));
      if (s.to) parts.push('to=' + enc(s.to));
      if (s.facets && s.facets.length)
        parts.push('f=' + s.facets.map((f) => (f.exclude ? '-' : '') + f.kind + ':' + enc(f.value)).join(','));
      if (s.article) parts.push('a=' + enc(s.article));
      if (s.sort && s.sort !== 'relevance') parts.push('sort=' + enc(s.sort));
      if (s.view) parts.push('view=' + enc(s.view[0] + '..' + s.view[1]));
      // The fields win; a bare {link} (as getState() gives it) is applied as it is.
      const onlyLink = s.link && !['query', 'from', 'to', 'facets', 'article', 'sort', 'view'].some((k) => k in s);
      call('lede_set_link', null, ['string'], [onlyLink ? s.link : parts.join('&')]);
    },
    entitiesReady: () => ready.then(() => new Promise((resolve) => {
      const check = () => {
        const s = lede.stats();
        if (s.entityPhase === 'ready') resolve(s); else setTimeout(check, 30);
      };
      check();
    })),
    entities: ({ limit = 100 } = {}) => JSON.parse(call('lede_entities_json', 'string', ['number'], [limit | 0])),
    entity: (name) => JSON.parse(call('lede_entity_json', 'string', ['string'], [String(name)])),
    correctEntities: (ops) => JSON.parse(call('lede_correct_entities', 'string', ['string'], [JSON.stringify(ops)])),
    exportCorrections: () => call('lede_export_corrections', 'string'),
    importCorrections: (text) => JSON.parse(call('lede_import_corrections', 'string', ['string'], [String(text)])),
    setEntitySource: (s) => call('lede_set_entity_source', 'number', ['string'], [String(s)]) === 1,
    // For tests: what the last frame drew (list rows and the reader's article), in CSS pixels.
    _probe: () => JSON.parse(call('lede_probe_json', 'string')),
  };
  window.lede = lede;
})();
