// boot.js: configures the Emscripten Module before lede.js loads, and defines window.lede, the page's
// JavaScript API:
//   await lede.ready          resolves with stats() once the corpus is loaded (rejects if it cannot be)
//   lede.stats()              {articles, loadMs, parseMs, indexMs, skipped, warnings, phase, error, frameMs,
//                              selected, query, results}
//   lede.search(q)            top 20 for a query, [{id, title, date, score}] (the view is not changed)
//   lede.setQuery(q)          puts q in the search box and shows its results
//   lede.select(id)           opens an article in the reader; false when there is no such id
(function () {
  'use strict';
  const canvas = document.getElementById('canvas');
  const status = document.getElementById('lede-status');
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });

  function call(name, ret, types, args) {
    return window.Module.ccall(name, ret, types || [], args || []);
  }

  window.Module = {
    canvas: canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    setStatus: (text) => { if (text && status) status.textContent = text; },
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
    stats: () => JSON.parse(call('lede_stats_json', 'string')),
    select: (id) => call('lede_select', 'number', ['string'], [String(id)]) === 1,
    search: (q) => JSON.parse(call('lede_search_json', 'string', ['string'], [String(q)])).hits,
    setQuery: (q) => { call('lede_set_query', null, ['string'], [String(q)]); },
    // For tests: what the last frame drew (list rows and the reader's article), in CSS pixels.
    _probe: () => JSON.parse(call('lede_probe_json', 'string')),
  };
  window.lede = lede;
})();
