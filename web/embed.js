// embed.js: Lede.mount(element, options) puts a Lede explorer inside any element of a page, sized by that
// element; several can live on one page, each with its own corpus. It loads lede.js (the Emscripten
// factory createLede) from its own directory, creates the canvas, a hidden text input (soft keyboards, IME
// composition, paste), a screen-reader mirror and a drop zone, and fetches or reads the corpus.
//
//   <div id="explorer" style="height: 640px"></div>
//   <script src="https://your.host/lede/embed.js"></script>
//   <script>
//     const app = Lede.mount(document.getElementById('explorer'), {corpus: 'archive.json', query: 'wuzhen'});
//     app.ready.then((stats) => ...);  app.on('articleSelected', (a) => ...);
//   </script>
//
// Options: corpus (URL, File/Blob, or {name, data: string|ArrayBuffer|Uint8Array|Blob|object}), query,
// from and to (first and last period shown, inclusive: 2009, 2009-12 or 2009-12-31), facets, article, sort,
// link (a #fragment, instead of those), allowedOrigins (corpus URLs, redirects included, only from these),
// theme ('auto'|'light'|'dark'), views (any of
// 'timeline', 'facets', 'results', 'reader', 'entities'), compact, autofocus, base (where lede.js lives).
// The returned instance: ready, stats(), search(q) (a Promise), setQuery(q), getState(), setState(s), select(id),
// open(source), on(event, fn) / off(event, fn) for 'ready', 'load', 'error', 'stateChanged',
// 'articleSelected', and unmount(); and for the names in the corpus: entitiesReady() (resolves with stats()
// once they are extracted), entities({limit}) and entity(name) (Promises), correctEntities(ops), exportCorrections(),
// importCorrections(text), setEntitySource('both'|'supplied'|'extracted').
(function () {
  'use strict';
  if (window.Lede && window.Lede.mount) return;
  const script = document.currentScript;
  const DEFAULT_BASE = new URL('.', (script && script.src) || location.href).href;
  const VIEWS = ['timeline', 'facets', 'results', 'reader', 'entities'];
  const factories = new Map();  // base URL -> Promise of createLede

  function loadFactory(base, options) {
    if (options.factory) return Promise.resolve(options.factory);
    if (typeof window.createLede === 'function') return Promise.resolve(window.createLede);
    if (!factories.has(base)) {
      factories.set(base, new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = base + 'lede.js';
        s.onload = () => (typeof window.createLede === 'function' ? resolve(window.createLede)
          : reject(new Error(s.src + ' did not define createLede')));
        s.onerror = () => reject(new Error('could not load ' + s.src));
        document.head.appendChild(s);
      }));
    }
    return factories.get(base);
  }

  function ensureStyles(base) {
    const href = base + 'lede.css';
    for (const l of document.querySelectorAll('link[rel="stylesheet"]')) if (l.href === href) return;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    document.head.appendChild(link);
  }

  function el(tag, cls, attrs) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }

  // A view state (getState() shape) as a link fragment, the form the app applies.
  function stateToLink(s) {
    if (typeof s === 'string') return s.replace(/^#/, '');
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
    return onlyLink ? String(s.link).replace(/^#/, '') : parts.join('&');
  }

  // The options' `to` names the last period shown (2009, 2009-12, 2009-12-31), like date:a..b in a query;
  // links and getState() hold the first day after the range. Anything else is left to the app (which
  // ignores what it cannot read) with a warning.
  function dayAfter(period, name) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(String(period).trim());
    if (!m) {
      console.warn(`Lede: ${name}="${period}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
      return String(period);
    }
    const y = Number(m[1]), mo = m[2] ? Number(m[2]) - 1 : null, d = m[3] ? Number(m[3]) : null;
    const next = d != null ? Date.UTC(y, mo, d + 1) : mo != null ? Date.UTC(y, mo + 1, 1) : Date.UTC(y + 1, 0, 1);
    return new Date(next).toISOString().slice(0, 10);
  }

  function isCorpusFileName(name) { return /\.(json|jsonl|ndjson)$/i.test(name || ''); }

  function mount(host, options) {
    options = options || {};
    if (typeof host === 'string') host = document.querySelector(host);
    if (!(host instanceof Element)) throw new Error('Lede.mount: the first argument must be an element (or a selector that finds one)');
    const base = options.base ? new URL(options.base, location.href).href.replace(/[^/]*$/, '') : DEFAULT_BASE;
    if (!options.noStyles) ensureStyles(base);
    const asked = options.views == null ? VIEWS : (Array.isArray(options.views) ? options.views : String(options.views).split(','))
      .map((v) => String(v).trim()).filter(Boolean);
    for (const v of asked) if (!VIEWS.includes(v)) console.warn(`Lede: unknown view "${v}" (known: ${VIEWS.join(', ')})`);
    const known = asked.filter((v) => VIEWS.includes(v));
    const views = known.length ? known : VIEWS;  // none named that Lede knows: show them all

    // ---- DOM: canvas, hidden text input, status, drop zone, screen-reader mirror ----
    const root = el('div', 'lede-root');
    if (options.focusRing !== false) root.classList.add('lede-ring');
    const canvas = el('canvas', 'lede-canvas', { tabindex: '0', role: 'application',
      'aria-label': 'Lede news explorer. Press slash to search; a text version of the results follows.' });
    const ime = el('input', 'lede-ime', { type: 'text', tabindex: '-1', autocomplete: 'off', autocapitalize: 'off',
      autocorrect: 'off', spellcheck: 'false', 'aria-label': 'Search articles', enterkeyhint: 'search' });
    const status = el('div', 'lede-status', { role: 'status' });
    status.textContent = 'Loading Lede\u2026';
    const drop = el('div', 'lede-drop', { 'aria-hidden': 'true' });
    drop.textContent = 'Drop a .json or .jsonl file to explore it';
    const sr = el('div', 'lede-sr');
    sr.innerHTML = '<h2>Lede news explorer</h2>' +
      '<label>Search articles <input type="search" class="lede-sr-query" readonly tabindex="-1"></label>' +
      '<p class="lede-sr-count" aria-live="polite"></p>' +
      '<h3>Results</h3><ol class="lede-sr-results"></ol>' +
      '<div class="lede-sr-article" aria-live="polite"></div>';
    root.append(canvas, ime, status, drop, sr);
    host.appendChild(root);

    const listeners = {};
    const emit = (name, value) => (listeners[name] || []).slice().forEach((fn) => {
      try { fn(value); } catch (e) { console.error(e); }
    });
    let resolveReady, rejectReady;
    const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
    ready.catch(() => {});  // a failed load is shown in the app; nobody has to await it
    let loads = 0;
    let M = null;  // the Emscripten module, once its runtime is up
    let runtimeReady = false;

    function call(name, ret, types, args) {
      if (!runtimeReady) throw new Error('Lede is still starting; await ready first');
      return M.ccall(name, ret, types || [], args || []);
    }
    // Requests answered asynchronously by the app's data source (search, entities, entity): the C side
    // returns a ticket at once, and its reply arrives through Module.ledeReply a frame or more later.
    const pendingReplies = new Map();  // ticket -> resolve
    function ask(name, types, args, empty, pick) {
      if (!runtimeReady) return ready.then(() => ask(name, types, args, empty, pick));
      const ticket = call(name, 'number', types, args);
      if (!ticket) return Promise.resolve(empty);  // no corpus open
      if (paused) { M.resumeMainLoop(); paused = false; }  // replies come with frames
      return new Promise((resolve) => pendingReplies.set(ticket, (json) => resolve(pick(JSON.parse(json)))));
    }
    function showStatus(text, kind) {
      status.textContent = text;
      status.className = 'lede-status' + (kind ? ' lede-' + kind : '');
    }
    let toastTimer = 0;
    function toast(text) {
      showStatus(text, 'toast');
      clearTimeout(toastTimer);
      toastTimer = setTimeout(() => status.classList.add('lede-hidden'), 7000);
    }

    // ---- theme ----
    const media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
    const theme = options.theme === 'dark' || options.theme === 'light' ? options.theme : 'auto';
    if (options.theme != null && options.theme !== theme) console.warn(`Lede: unknown theme "${options.theme}" (auto, light or dark); following the system`);
    const isDark = () => (theme === 'auto' ? !!(media && media.matches) : theme === 'dark');
    root.classList.toggle('lede-dark', isDark());
    if (theme === 'auto' && media && media.addEventListener) media.addEventListener('change', () => {
      root.classList.toggle('lede-dark', isDark());
      if (runtimeReady) call('lede_set_dark', null, ['number'], [isDark() ? 1 : 0]);
    });

    // ---- the corpus ----
    // Each load has a token; a slower earlier load (a URL still downloading when a file is dropped) that
    // finishes later is dropped instead of replacing the newer corpus.
    let loadToken = 0;
    function passBytes(bytes, label, ms, token) {
      if (token !== loadToken) return;
      const ptr = M._malloc(Math.max(1, bytes.length));
      M.HEAPU8.set(bytes, ptr);
      call('lede_load_bytes', null, ['number', 'number', 'string', 'number'], [ptr, bytes.length, label, ms]);
      M._free(ptr);
    }
    function fail(label, message, token = loadToken) {
      if (token !== loadToken) return;
      call('lede_load_failed', null, ['string', 'string'], [label, message]);
    }
    async function explainFetchError(url, error) {
      const target = new URL(url);
      const pageOrigin = location.origin;
      if (target.origin !== pageOrigin) {
        let reachable = false;
        try { await fetch(url, { mode: 'no-cors', cache: 'no-store' }); reachable = true; } catch (e) { /* unreachable */ }
        if (reachable)
          return `${target.origin} answered but does not let this page read ${url}. Its server has to send the ` +
            `header "Access-Control-Allow-Origin: ${pageOrigin}" (CORS). Until then, download the file and ` +
            'open it here with "Open file..." or drop it onto the page.';
        return `Could not reach ${url} (${error.message}). The address may be wrong, the server or the network ` +
          'down, the server may refuse requests from other sites (CORS), or this page\'s Content-Security-Policy ' +
          'may not allow connecting to ' + target.origin + '.';
      }
      return `Could not fetch ${url} (${error.message}): the network or the server is down.`;
    }
    // The first corpus is requested at once, while the app itself downloads and compiles.
    const t_mount = performance.now();
    let early = null;
    if (typeof options.corpus === 'string' || options.corpus == null) {
      try {
        const url = new URL(options.corpus == null ? base + 'corpus.json' : options.corpus, location.href).href;
        early = { url, response: fetch(url, { credentials: 'same-origin' }) };
        early.response.catch(() => {});  // reported when the app asks for it
      } catch (e) { /* not a URL: open() says so */ }
    }
    async function fetchCorpus(url) {
      const token = ++loadToken;
      const label = url;
      call('lede_load_begin', null, ['string'], [label]);
      let t0 = performance.now();
      let res;
      try {
        if (early && early.url === url) {
          res = await early.response;
          t0 = t_mount;
        } else {
          res = await fetch(url, { credentials: 'same-origin' });
        }
        early = null;
      } catch (e) {
        fail(label, await explainFetchError(url, e), token);
        return;
      }
      if (options.allowedOrigins && !options.allowedOrigins.includes(new URL(res.url || url).origin)) {
        fail(label, `Lede did not load ${url}: it redirects to ${res.url}, and ${new URL(res.url).origin} is not ` +
          'an allowed origin.', token);
        return;
      }
      if (!res.ok) {
        fail(label, `The server answered "${res.status} ${res.statusText}" for ${url}.`, token);
        return;
      }
      let total = Number(res.headers.get('Content-Length')) || 0;
      const chunks = [];
      let received = 0;
      try {
        if (res.body && res.body.getReader) {
          const reader = res.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            chunks.push(value);
            received += value.length;
            if (received > total) total = 0;  // compressed length, or none: the size is not known
            if (token !== loadToken) { reader.cancel().catch(() => {}); return; }  // a newer load took over
            call('lede_load_progress', null, ['number', 'number'], [received, total]);
          }
        } else {
          chunks.push(new Uint8Array(await res.arrayBuffer()));
        }
      } catch (e) {
        fail(label, `The download of ${url} broke off after ${received} bytes (${e.message}).`, token);
        return;
      }
      const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) { bytes.set(c, at); at += c.length; }
      passBytes(bytes, label, performance.now() - t0, token);
    }
    async function readData(data, label) {
      const token = ++loadToken;
      call('lede_load_begin', null, ['string'], [label]);
      const t0 = performance.now();
      let bytes;
      try {
        if (typeof Blob !== 'undefined' && data instanceof Blob) bytes = new Uint8Array(await data.arrayBuffer());
        else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
        else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        else if (typeof data === 'string') bytes = new TextEncoder().encode(data);
        else bytes = new TextEncoder().encode(JSON.stringify(data));
      } catch (e) {
        fail(label, `Could not read ${label}: ${e.message}`, token);
        return;
      }
      passBytes(bytes, label, performance.now() - t0, token);
    }
    // Loads a corpus: a URL, a File or Blob, or {name, data} / {name, error}.
    function open(source) {
      if (!runtimeReady) return ready.then(() => open(source));
      if (source == null) source = base + 'corpus.json';
      if (typeof source === 'string') {
        let url;
        try { url = new URL(source, location.href).href; } catch (e) {
          ++loadToken;
          fail(source, `"${source}" is not a URL.`);
          return Promise.resolve();
        }
        return fetchCorpus(url);
      }
      if (typeof Blob !== 'undefined' && source instanceof Blob) return readData(source, source.name || 'the file');
      if (source.error) {
        ++loadToken;
        call('lede_load_begin', null, ['string'], [source.name || 'the corpus']);
        fail(source.name || 'the corpus', source.error);
        return Promise.resolve();
      }
      return readData(source.data, source.name || 'the corpus');
    }
    function openFile(file) {
      if (!isCorpusFileName(file.name)) {
        toast(`${file.name} is not a corpus: Lede opens .json and .jsonl files.`);
        return;
      }
      status.classList.add('lede-hidden');
      open(file);
    }

    // ---- drag and drop, file picker ----
    let dragDepth = 0;
    const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
    root.addEventListener('dragenter', (e) => { if (!hasFiles(e)) return; e.preventDefault(); dragDepth++; root.classList.add('lede-dragging'); });
    root.addEventListener('dragover', (e) => { if (!hasFiles(e)) return; e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
    root.addEventListener('dragleave', () => { if (--dragDepth <= 0) { dragDepth = 0; root.classList.remove('lede-dragging'); } });
    root.addEventListener('drop', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth = 0;
      root.classList.remove('lede-dragging');
      const file = e.dataTransfer.files && e.dataTransfer.files[0];
      if (file) openFile(file);
    });
    // ---- entity corrections: kept per corpus in localStorage, exported as a download, imported from a file ----
    const correctionsKey = (corpus) => 'lede.entityCorrections:' + corpus;
    function downloadText(name, text) {
      const url = URL.createObjectURL(new Blob([text + '\n'], { type: 'application/json' }));
      const a = el('a', 'lede-file', { href: url, download: name });
      root.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      return 1;
    }
    function pickCorrections() {
      const input = el('input', 'lede-file', { type: 'file', accept: '.json,application/json' });
      input.addEventListener('change', async () => {
        const file = input.files && input.files[0];
        input.remove();
        if (file) call('lede_import_corrections', 'string', ['string'], [await file.text()]);
        canvas.focus({ preventScroll: true });
      });
      root.appendChild(input);
      input.click();
    }

    function pickFile() {
      const input = el('input', 'lede-file', { type: 'file', accept: '.json,.jsonl,.ndjson,application/json' });
      input.addEventListener('change', () => { if (input.files && input.files[0]) openFile(input.files[0]); input.remove(); });
      root.appendChild(input);
      input.click();
    }

    // ---- keyboard focus, the hidden text input, the clipboard ----
    canvas.addEventListener('pointerdown', () => { if (document.activeElement !== ime) canvas.focus({ preventScroll: true }); });
    // Focus leaving this instance (for the page or another instance) releases held keys and the text field.
    let refocusing = false;
    root.addEventListener('focusout', (e) => {
      if (runtimeReady && !refocusing && !(e.relatedTarget && root.contains(e.relatedTarget))) call('lede_focus', null, ['number'], [0]);
    });
    root.addEventListener('focusin', (e) => {
      if (runtimeReady && !refocusing && !(e.relatedTarget && root.contains(e.relatedTarget))) call('lede_focus', null, ['number'], [1]);
    });
    // Tab moves between Lede's own controls. Esc clears the search; with nothing left to clear, Esc then Tab
    // (or Shift+Tab) leaves Lede, so keyboard users are never trapped in it. Listening in the capture phase
    // keeps that Tab from SDL's handler on the canvas.
    let escapedAt = -1e9;
    root.addEventListener('keydown', (e) => {
      if (e.target !== canvas) return;
      if (e.key === 'Escape') escapedAt = runtimeReady && instance.stats().query === '' ? performance.now() : -1e9;
      else if (e.key === 'Tab' && performance.now() - escapedAt < 2000) e.stopPropagation();
      else if (e.key !== 'Shift') escapedAt = -1e9;
    }, true);
    // A tap on a text field (the search box, the entity filter, Rename, the merge picker's search) focuses
    // the text input within the tap itself: phones open their keyboard only for focus given during a user
    // gesture (the app asks for it a frame after the touch starts, outside one).
    canvas.addEventListener('pointerup', (e) => {
      if (e.pointerType === 'mouse' || !runtimeReady) return;
      const fields = JSON.parse(call('lede_probe_json', 'string')).textFields || [];
      const r = canvas.getBoundingClientRect();
      const x = e.clientX - r.left, y = e.clientY - r.top;
      if (fields.some((box) => box.w > 0 && x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h)) {
        if (document.activeElement === ime) {  // focused at touchstart, outside a gesture: again
          refocusing = true;
          ime.blur();
          refocusing = false;
        }
        ime.focus({ preventScroll: true });
      }
    });
    // The input always holds one invisible character, so a phone keyboard's backspace (which sends no key
    // code, only an edit of the input) has something to delete: that edit becomes ImGui's Backspace.
    const SENTINEL = '\u200b';
    const resetIme = () => {
      ime.value = SENTINEL;
      ime.setSelectionRange(1, 1);
    };
    let composing = false;
    const flushText = () => {
      const v = ime.value.split(SENTINEL).join('');
      resetIme();
      if (v && runtimeReady) call('lede_text', null, ['string'], [v.replace(/[\r\n]+/g, ' ')]);
    };
    const tap = (code) => {
      call('lede_key', null, ['string', 'number', 'number'], [code, 1, 0]);
      call('lede_key', null, ['string', 'number', 'number'], [code, 0, 0]);
    };
    ime.addEventListener('focus', resetIme);
    ime.addEventListener('compositionstart', () => { composing = true; ime.classList.add('lede-composing'); });
    ime.addEventListener('compositionend', () => { composing = false; ime.classList.remove('lede-composing'); flushText(); });
    ime.addEventListener('input', (e) => {
      if (composing || e.isComposing) return;
      if (runtimeReady && /^delete/.test(e.inputType || '') && !ime.value.includes(SENTINEL)) {
        tap(e.inputType === 'deleteContentForward' ? 'Delete' : 'Backspace');
        resetIme();
        return;
      }
      flushText();
    });
    const mods = (e) => (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0);
    ime.addEventListener('keydown', (e) => {
      if (e.isComposing || e.keyCode === 229 || !runtimeReady) return;  // the IME has it
      const accel = e.ctrlKey || e.metaKey;
      if (accel && e.code === 'KeyV') return;  // the paste event brings the text
      if (e.key.length === 1 && !accel) return;  // a character: arrives as input
      call('lede_key', null, ['string', 'number', 'number'], [e.code, 1, mods(e)]);
      e.preventDefault();
    });
    ime.addEventListener('keyup', (e) => { if (runtimeReady) call('lede_key', null, ['string', 'number', 'number'], [e.code, 0, mods(e)]); });
    ime.addEventListener('paste', (e) => {
      const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
      e.preventDefault();
      if (text && runtimeReady) call('lede_paste', null, ['string'], [text]);
    });
    // A paste while the canvas itself has focus: ImGui's own Ctrl+V reads this text next frame.
    canvas.addEventListener('paste', (e) => {
      const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
      if (text && runtimeReady) call('lede_clipboard', null, ['string'], [text]);
    });
    function copyText(text) {
      const fallback = () => {
        const active = document.activeElement;
        const t = el('textarea', 'lede-sr', { readonly: '' });
        t.value = text;
        root.appendChild(t);
        t.select();
        try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
        t.remove();
        if (active && active.focus) active.focus({ preventScroll: true });
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(fallback);
      else fallback();
    }

    // ---- the screen-reader mirror ----
    const srQuery = sr.querySelector('.lede-sr-query');
    const srCount = sr.querySelector('.lede-sr-count');
    const srResults = sr.querySelector('.lede-sr-results');
    const srArticle = sr.querySelector('.lede-sr-article');
    const line = (a) => [a.title, a.date, a.source].filter(Boolean).join(' \u2014 ');
    function renderMirror(m) {
      srQuery.value = m.query;
      let count;
      if (m.phase === 'failed') count = `The corpus ${m.label} could not be loaded: ${m.error}`;
      else if (m.phase !== 'ready') count = `Loading ${m.label}\u2026`;
      else if (m.query.trim()) count = `${m.count} result${m.count === 1 ? '' : 's'} for \u201c${m.query}\u201d in ${m.label}`;
      else count = `${m.count} article${m.count === 1 ? '' : 's'} in ${m.label}`;
      if (srCount.textContent !== count) srCount.textContent = count;
      srResults.replaceChildren(...m.results.map((a) => { const li = el('li'); li.textContent = line(a); return li; }));
      if (m.results.length < m.count) {
        const li = el('li');
        li.textContent = `and ${m.count - m.results.length} more`;
        srResults.appendChild(li);
      }
      srArticle.replaceChildren();
      if (m.article) {
        const art = el('article');
        const h = el('h3');
        h.textContent = m.article.title;
        const meta = el('p');
        meta.textContent = [m.article.date, m.article.source, m.article.byline].filter(Boolean).join(', ');
        art.append(h, meta);
        for (const para of String(m.article.text || '').split(/\n\s*\n/)) {
          if (!para.trim()) continue;
          const p = el('p');
          p.textContent = para.trim();
          art.appendChild(p);
        }
        srArticle.append(art);
      }
    }

    // stateChanged at most every 150 ms (panning the timeline changes the view every frame), the last
    // change always told.
    let lastTold = -1e9, pendingTell = 0;
    function stateChanged() {
      const wait = lastTold + 150 - performance.now();
      if (pendingTell) return;
      if (wait <= 0) { lastTold = performance.now(); emit('stateChanged', instance.getState()); return; }
      pendingTell = setTimeout(() => { pendingTell = 0; lastTold = performance.now(); emit('stateChanged', instance.getState()); }, wait);
    }

    // ---- the module ----
    if (options.from != null && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(String(options.from).trim()))
      console.warn(`Lede: from="${options.from}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`);
    const initialLink = stateToLink(options.link != null ? options.link : {
      query: options.query, from: options.from, to: options.to == null ? null : dayAfter(options.to, 'to'),
      facets: options.facets, article: options.article, sort: options.sort });
    const linkBase = options.linkBase || (base + (typeof options.corpus === 'string'
      ? '?corpus=' + encodeURIComponent(new URL(options.corpus, location.href).href) : ''));
    const moduleOptions = {
      canvas,
      ledeConfig: { dark: isDark(), link: initialLink, views, compact: !!options.compact },
      locateFile: (path) => base + path,
      print: (text) => console.log(text),
      printErr: (text) => console.warn(text),
      // Emscripten's own progress ("Downloading data...", "Running..."); the app shows its own once it runs.
      setStatus: (text) => { if (text) showStatus(text); else status.classList.add('lede-hidden'); },
      onAbort: (what) => {
        showStatus('Lede stopped: ' + what, 'error');
        rejectReady(new Error(String(what)));
        emit('error', new Error(String(what)));
      },
      ledeStartLoad: () => { setTimeout(() => open(options.corpus), 0); },
      ledeLoaded: (ok, error) => {
        status.classList.add('lede-hidden');
        const first = loads++ === 0;
        if (ok) {
          const stats = instance.stats();
          if (first) resolveReady(stats);
          emit('load', stats);
          if (first) emit('ready', stats);
        } else {
          const err = new Error(error || 'the corpus could not be loaded');
          if (first) rejectReady(err);
          emit('error', err);
        }
      },
      ledeStateChanged: () => { if (runtimeReady && loads > 0) stateChanged(); },
      ledeArticleSelected: (json) => emit('articleSelected', JSON.parse(json)),
      ledeReply: (ticket, json) => {
        const resolve = pendingReplies.get(ticket);
        if (!resolve) return;
        pendingReplies.delete(ticket);
        resolve(json);
        if (!pendingReplies.size) setTimeout(updatePause, 0);
      },
      ledeMirror: (json) => renderMirror(JSON.parse(json)),
      ledeCopyLink: (fragment) => copyText(linkBase.split('#')[0] + '#' + fragment),
      ledeCopyText: copyText,
      ledePickFile: pickFile,
      ledeCorrectionsLoad: (corpus) => {
        try { return localStorage.getItem(correctionsKey(corpus)); } catch (e) { return null; }
      },
      ledeCorrectionsSave: (corpus, json) => {
        try { localStorage.setItem(correctionsKey(corpus), json); } catch (e) { console.warn('Lede: corrections not saved: ' + e); }
      },
      ledeDownload: downloadText,
      ledePickCorrections: pickCorrections,
      ledeTextInput: (want, x, y, h) => {
        if (want) {
          ime.style.left = Math.round(x) + 'px';
          ime.style.top = Math.round(y) + 'px';
          ime.style.height = Math.max(16, Math.round(h)) + 'px';
          if (document.activeElement === canvas) ime.focus({ preventScroll: true });
        } else if (document.activeElement === ime) {
          canvas.focus({ preventScroll: true });
        }
      },
    };
    if (options.wasmBinary) moduleOptions.wasmBinary = options.wasmBinary;
    if (options.dataPackage) moduleOptions.getPreloadedPackage = () => options.dataPackage;
    // Files the app fetches on demand (the CJK font): from options.assets (the single-file build) or base.
    moduleOptions.ledeFetchAsset = (path) => (options.assets && options.assets[path]
      ? Promise.resolve(options.assets[path])
      : fetch(base + path).then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.arrayBuffer(); }));
    canvas.addEventListener('webglcontextlost', (e) => {
      showStatus('The graphics context was lost; reload the page.', 'error');
      e.preventDefault();
    });

    loadFactory(base, options).then((factory) => factory(moduleOptions)).then((mod) => { M = mod; },
      (e) => {
        showStatus('Lede could not start: ' + e.message, 'error');
        rejectReady(e);
        emit('error', e);
      });
    // The options object becomes the module; it is usable from onRuntimeInitialized on, before main() runs
    // (the factory's promise resolves later).
    moduleOptions.onRuntimeInitialized = () => { M = moduleOptions; runtimeReady = true; };
    if (options.autofocus) canvas.focus({ preventScroll: true });

    // An explorer scrolled out of view stops drawing (a page may hold several); it picks up where it was.
    // Loading, indexing and finding names go on out of view: only a settled explorer pauses.
    let paused = false, visible = true;
    const settled = () => {
      if (!runtimeReady || loads === 0) return false;
      const st = JSON.parse(call('lede_stats_json', 'string'));
      return (st.phase === 'ready' && st.entityPhase === 'ready') || st.phase === 'failed';
    };
    const updatePause = () => {
      if (!M || !M.pauseMainLoop) return;
      if (!visible && !paused && settled() && !pendingReplies.size) { M.pauseMainLoop(); paused = true; }
      else if (visible && paused) { M.resumeMainLoop(); paused = false; }
    };
    if (typeof IntersectionObserver === 'function') {
      new IntersectionObserver((entries) => {
        visible = entries[entries.length - 1].isIntersecting;
        updatePause();
      }).observe(root);
      // Out of view while still busy: look again until the work is done.
      setInterval(() => { if (!visible && !paused) updatePause(); }, 500);
    }

    const instance = {
      ready,
      element: root,
      canvas,
      stats: () => (runtimeReady ? Object.assign(JSON.parse(call('lede_stats_json', 'string')), { paused })
        : { phase: 'starting', articles: 0 }),
      select: (id) => call('lede_select', 'number', ['string'], [String(id)]) === 1,
      // Promises (since the data source became asynchronous): resolved when the reply arrives.
      search: (q, { limit = 20 } = {}) => ask('lede_search_begin', ['string', 'number'], [String(q), limit | 0], [], (r) => r.hits),
      setQuery: (q) => { call('lede_set_query', null, ['string'], [String(q)]); },
      getState: () => JSON.parse(call('lede_get_state', 'string')),
      setState: (s) => { call('lede_set_link', null, ['string'], [stateToLink(s || {})]); },
      open,
      entitiesReady: () => new Promise((resolve, reject) => {
        // The current corpus's names; a corpus that fails to load rejects (a later open() may succeed).
        const check = () => {
          const st = instance.stats();
          if (st.phase === 'ready' && st.entityPhase === 'ready') resolve(st);
          else if (st.phase === 'failed') reject(new Error(st.error || 'the corpus could not be loaded'));
          else setTimeout(check, 30);
        };
        if (runtimeReady) check(); else ready.then(check, reject);
      }),
      entities: ({ limit = 100 } = {}) => ask('lede_entities_begin', ['number'], [limit | 0], [], (r) => r),
      entity: (name) => ask('lede_entity_begin', ['string'], [String(name)], null, (r) => r),
      correctEntities: (ops) => JSON.parse(call('lede_correct_entities', 'string', ['string'], [JSON.stringify(ops)])),
      exportCorrections: () => call('lede_export_corrections', 'string'),
      importCorrections: (text) => JSON.parse(call('lede_import_corrections', 'string', ['string'], [String(text)])),
      setEntitySource: (s) => call('lede_set_entity_source', 'number', ['string'], [String(s)]) === 1,
      on: (name, fn) => { (listeners[name] = listeners[name] || []).push(fn); return instance; },
      off: (name, fn) => { listeners[name] = (listeners[name] || []).filter((f) => f !== fn); return instance; },
      unmount: () => {
        if (M && M.pauseMainLoop) M.pauseMainLoop();
        const gl = canvas.getContext('webgl2');
        const lose = gl && gl.getExtension('WEBGL_lose_context');
        if (lose) lose.loseContext();
        root.remove();
      },
      // For tests: what the last frame drew (list rows, the reader's article), in CSS pixels of the canvas.
      _probe: () => JSON.parse(call('lede_probe_json', 'string')),
      // For tests: search's whole reply ({hits, errors, total, ms}).
      _search: (q) => ask('lede_search_begin', ['string', 'number'], [String(q), 20], { hits: [], errors: [] }, (r) => r),
      _module: () => M,
    };
    return instance;
  }

  window.Lede = { mount, stateToLink };
})();
