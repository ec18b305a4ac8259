#!/usr/bin/env node
// single-file.mjs: writes one self-contained HTML file holding the Lede app and a corpus, to archive or send
// by mail: it opens from disk (file://) or any server with no other file next to it. The app (lede.js,
// lede.wasm, lede.data), the page's scripts and styles, the corpus and, when the corpus has Chinese,
// Japanese or Korean text, the CJK font are inlined (binary parts as base64).
//
//   node scripts/single-file.mjs [--dist dist] [--corpus FILE] [--out FILE]
//   (defaults: dist/, the corpus.json in it, dist/lede-single.html; needs a built dist/)
import fs from 'node:fs';
import path from 'node:path';

function usage(message) {
  if (message) console.error(`single-file.mjs: ${message}`);
  console.error('usage: node scripts/single-file.mjs [--dist DIR] [--corpus FILE] [--out FILE]');
  process.exit(2);
}

const args = { dist: 'dist', corpus: null, out: null };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const key = a.replace(/^--/, '');
  if (!(key in args) || !a.startsWith('--')) usage(`unknown option ${a}`);
  if (i + 1 >= process.argv.length) usage(`${a} needs a value`);
  args[key] = process.argv[++i];
}
const dist = path.resolve(args.dist);
const corpusPath = path.resolve(args.corpus || path.join(dist, 'corpus.json'));
const out = path.resolve(args.out || path.join(dist, 'lede-single.html'));

function read(file, encoding) {
  try {
    return fs.readFileSync(file, encoding);
  } catch (e) {
    console.error(`single-file.mjs: cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file (build dist/ first: ./build-wasm.sh)' : e.message}`);
    process.exit(1);
  }
}
const script = (code) => `<script>${code.replace(/<\/script/gi, '<\\/script')}</script>`;
const blob = (name, bytes) => `<script type="application/octet-stream" id="lede-${name}">${bytes.toString('base64')}</script>`;

const corpus = read(corpusPath);
const corpusText = corpus.toString('utf8');
const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/.test(corpusText);
let title = path.basename(corpusPath);
const nameMatch = /"name"\s*:\s*"((?:[^"\\]|\\.){1,200})"/.exec(corpusText.slice(0, 4096));
if (nameMatch) { try { title = JSON.parse(`"${nameMatch[1]}"`); } catch (e) { /* keep the file name */ } }
const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const parts = [
  '<!doctype html>',
  '<html lang="en" class="lede-page-html">',
  '<head>',
  '<meta charset="utf-8">',
  '<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">',
  `<title>Lede: ${escapeHtml(title)}</title>`,
  `<style>${read(path.join(dist, 'lede.css'), 'utf8')}</style>`,
  '</head>',
  '<body class="lede-page">',
  '<main id="lede" aria-label="Lede news-article explorer"></main>',
  '<noscript>Lede needs JavaScript and WebAssembly.</noscript>',
  blob('wasm', read(path.join(dist, 'lede.wasm'))),
  blob('data', read(path.join(dist, 'lede.data'))),
  blob('corpus', corpus),
  cjk ? blob('cjk', read(path.join(dist, 'fonts', 'DroidSansFallbackFull.ttf'))) : '',
  script(`(function () {
  function bytes(id) {
    var s = atob(document.getElementById(id).textContent), b = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
    return b;
  }
  var assets = {};
  if (document.getElementById('lede-cjk')) assets['fonts/DroidSansFallbackFull.ttf'] = bytes('lede-cjk').buffer;
  window.LEDE_STANDALONE = { wasmBinary: bytes('lede-wasm'), dataPackage: bytes('lede-data').buffer,
    corpus: { name: ${JSON.stringify(path.basename(corpusPath))}, data: bytes('lede-corpus') }, assets: assets, noStyles: true };
})();`),
  script(read(path.join(dist, 'lede.js'), 'utf8')),
  script(read(path.join(dist, 'embed.js'), 'utf8')),
  script(read(path.join(dist, 'boot.js'), 'utf8')),
  '</body>',
  '</html>',
  '',
];
fs.writeFileSync(out, parts.filter(Boolean).join('\n'));
const mb = (fs.statSync(out).size / 1e6).toFixed(1);
console.error(`single-file.mjs: wrote ${out} (${mb} MB: app, ${path.basename(corpusPath)}${cjk ? ', CJK font' : ''})`);
