// queries.mjs: the benchmark's fixed query set, generated from the corpus with a seeded generator, so
// every run and every engine gets the same queries. Stopwords are left out of every band (no newsroom
// searches for "the", and Lunr drops them).
//   bands: 40 frequent, 40 middle and 40 rare single terms; 40 two-term ANDs; 40 four-letter prefixes.
const STOP = new Set(('a about above after again against all am an and any are as at be because been before being ' +
  'below between both but by can did do does doing down during each few for from further had has have having he her ' +
  'here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or ' +
  'other our out over own said same she should so some such than that the their them then there these they this ' +
  'those through to too under until up very was we were what when where which while who whom why will with would ' +
  'you your also mln dlrs pct vs cts shr net reuter').split(' '));

function rng(seed) {  // mulberry32
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeQueries(articles, seed = 20261126) {
  const df = new Map();
  for (const a of articles) {
    const seen = new Set((a.title + ' ' + a.text).toLowerCase().match(/[a-z]{3,}/g) || []);
    for (const w of seen) if (!STOP.has(w)) df.set(w, (df.get(w) || 0) + 1);
  }
  const words = [...df.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const r = rng(seed);
  const pick = (list, n) => {
    const out = [];
    const pool = list.slice();
    while (out.length < n && pool.length) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0][0]);
    return out;
  };
  const frequent = words.slice(0, 200);
  const middle = words.filter(([, d]) => d >= 50 && d <= 500);
  const rare = words.filter(([, d]) => d >= 2 && d <= 10);
  const q = [];
  for (const w of pick(frequent, 40)) q.push({ kind: 'frequent', terms: [w] });
  for (const w of pick(middle, 40)) q.push({ kind: 'middle', terms: [w] });
  for (const w of pick(rare, 40)) q.push({ kind: 'rare', terms: [w] });
  const a = pick(frequent, 40), b = pick(middle, 40);
  for (let i = 0; i < 40; i++) q.push({ kind: 'and', terms: [a[i], b[i]] });
  const prefixes = new Set();
  for (const w of pick(words.slice(0, 2000).filter(([w]) => w.length >= 6), 200)) {
    if (prefixes.size < 40) prefixes.add(w.slice(0, 4));
  }
  for (const p of prefixes) q.push({ kind: 'prefix', terms: [p] });
  return q;
}
