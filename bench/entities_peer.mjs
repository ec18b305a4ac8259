// bench/entities_peer.mjs: the peer for Lede's entity extractor. Runs compromise (the JavaScript NLP
// library most used for entities in the browser) over a corpus and prints what `lede-cli entities CORPUS
// --mentions` prints, so bench/entities_eval.py scores both the same way:
//
//   node bench/entities_peer.mjs CORPUS.json > mentions.jsonl     (timing on stderr)
//
// One JSON line per article: {"id", "mentions": [{"start", "end", "type", "name"}]}, byte offsets into the
// article's text. compromise's people(), organizations() and places() map to person, organization, place.
import { readFileSync } from 'node:fs';
import nlp from 'compromise';

const path = process.argv[2];
if (!path) {
  console.error('usage: node bench/entities_peer.mjs CORPUS.json');
  process.exit(2);
}
const corpus = JSON.parse(readFileSync(path, 'utf8'));
const articles = Array.isArray(corpus) ? corpus : corpus.articles;
const encoder = new TextEncoder();

// UTF-16 index -> UTF-8 byte offset.
function byteOffset(text, index) {
  return encoder.encode(text.slice(0, index)).length;
}

const t0 = performance.now();
let count = 0;
const lines = [];
for (const a of articles) {
  const text = a.text || '';
  const doc = nlp(text);
  const mentions = [];
  for (const [type, view] of [['person', doc.people()], ['organization', doc.organizations()], ['place', doc.places()]]) {
    for (const m of view.json({ offset: true })) {
      let start = m.offset.start;
      let end = start + m.offset.length;
      // Trim the punctuation and spaces compromise keeps around a term.
      while (end > start && /[\s.,;:!?"'’”)\]]/.test(text[end - 1])) end--;
      while (start < end && /[\s"'‘“(\[]/.test(text[start])) start++;
      if (text.slice(end - 2, end) === "'s" || text.slice(end - 2, end) === '’s') end -= 2;
      if (end <= start) continue;
      mentions.push({ start: byteOffset(text, start), end: byteOffset(text, end), type, name: text.slice(start, end) });
      count++;
    }
  }
  mentions.sort((x, y) => x.start - y.start);
  lines.push(JSON.stringify({ id: a.id, mentions }));
}
const ms = performance.now() - t0;
process.stdout.write(lines.join('\n') + '\n');
console.error(`compromise: ${articles.length} articles, ${count} mentions, extraction ${ms.toFixed(0)} ms`);
