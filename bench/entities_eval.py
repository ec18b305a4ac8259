#!/usr/bin/env python3
"""bench/entities_eval.py: how well Lede's entity extractor does, as a report (not a pass/fail test).

    bench/entities.sh            (builds lede-cli, then runs this with the corpora from ../shared)
    python3 bench/entities_eval.py LEDE_CLI SHARED_CORPORA_DIR [--markdown OUT.md]

Three kinds of figures, precision / recall / F1 per type:
  span level      against hand-made gold in tests/gold/ (seed article, the bundled sample corpus, 30 Wikinews
                  and 40 Reuters articles): a predicted mention counts when its byte range in `text` and its
                  type equal a gold mention's. Gold spans are every whole-word occurrence of each listed
                  surface string (longest first). People, organizations and places; "other" is left out.
  article level   per article, the set of (name, type) against the same gold lists (any listed surface form
                  of a gold entity matches it).
  Reuters labels  per article, against Reuters-21578's own PLACES / PEOPLE / ORGS+EXCHANGES codes for all
                  21,578 articles, extraction only (--source extracted). Places map to countries (a city or
                  state counts as its country, as Reuters labels it); people match by full name or surname;
                  organizations by name, initials or the code's long form. Reuters labels only a fixed
                  vocabulary (e.g. ORGS are 56 international bodies, no companies), so precision counts only
                  predictions that map into that vocabulary.
"""
import json, os, re, subprocess, sys, unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TYPES = ("person", "organization", "place")


def run(cli, corpus, *flags):
    out = subprocess.run([cli, "entities", corpus, *flags], check=True, capture_output=True, text=True)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()], out.stderr.strip()


def fold(s):
    s = unicodedata.normalize("NFKC", s).replace("\u2019", "'").lower()
    return " ".join(s.split())


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class Tally:
    def __init__(self):
        self.c = {t: [0, 0, 0] for t in TYPES}

    def add(self, t, i, n=1):
        if t in self.c:
            self.c[t][i] += n

    def rows(self):
        out = []
        tot = [0, 0, 0]
        for t in TYPES:
            tp, fp, fn = self.c[t]
            tot = [a + b for a, b in zip(tot, self.c[t])]
            out.append((t, tp + fn, *prf(tp, fp, fn)))
        out.append(("all three", tot[0] + tot[2], *prf(*tot)))
        return out


def is_word(ch):
    return ch.isalnum() or ch in "_"


def gold_spans(text, entities):
    """Every whole-word occurrence of every mention string, longest strings first, no overlaps."""
    mentions = []
    for e in entities:
        for m in set(e["mentions"]) | {e["name"]}:
            mentions.append((m, e["type"]))
    mentions.sort(key=lambda x: -len(x[0]))
    taken = [False] * len(text)
    spans = {}
    for m, t in mentions:
        if not m:
            continue
        cjk = any("\u4e00" <= ch <= "\u9fff" for ch in m)
        start = 0
        while True:
            i = text.find(m, start)
            if i < 0:
                break
            j = i + len(m)
            start = i + 1
            if not cjk and ((i > 0 and is_word(text[i - 1])) or (j < len(text) and is_word(text[j]))):
                continue
            if any(taken[i:j]):
                continue
            for k in range(i, j):
                taken[k] = True
            spans[(i, j)] = t
    return spans


def char_spans(text, mentions):
    """Byte offsets -> character offsets."""
    b = text.encode("utf-8")
    out = {}
    for m in mentions:
        i = len(b[: m["start"]].decode("utf-8", "replace"))
        j = len(b[: m["end"]].decode("utf-8", "replace"))
        out[(i, j)] = m["type"]
    return out


def peer_mentions(corpus_path):
    """compromise's mentions (bench/entities_peer.mjs), and per article its distinct (name, type)."""
    out = subprocess.run(["node", os.path.join(HERE, "entities_peer.mjs"), os.path.abspath(corpus_path)], check=True,
                         capture_output=True, text=True, cwd=HERE)
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    pm = {x["id"]: x["mentions"] for x in lines}
    pa = {}
    for x in lines:
        seen = {}
        for m in x["mentions"]:
            seen[(fold(m["name"]), m["type"])] = {"name": m["name"], "type": m["type"]}
        pa[x["id"]] = list(seen.values())
    return pm, pa, out.stderr.strip()


def eval_gold(cli, corpus_path, gold_path, peer=None):
    corpus = json.load(open(corpus_path, encoding="utf-8"))
    articles = {a["id"]: a for a in corpus["articles"]}
    gold = json.load(open(gold_path, encoding="utf-8"))
    ids = {a["id"] for a in gold["articles"]}
    if peer is None:
        pred_mentions, log = run(cli, corpus_path, "--mentions", "--source", "extracted")
        pred_articles, _ = run(cli, corpus_path, "--articles", "--source", "extracted")
        pm = {x["id"]: x["mentions"] for x in pred_mentions}
        pa = {x["id"]: x["entities"] for x in pred_articles}
    else:
        pm, pa = peer
    span, art = Tally(), Tally()
    for g in gold["articles"]:
        text = articles[g["id"]]["text"]
        gs = gold_spans(text, g["entities"])
        ps = char_spans(text, pm.get(g["id"], []))
        for k, t in ps.items():
            span.add(t, 0 if gs.get(k) == t else 1)
        for k, t in gs.items():
            if ps.get(k) != t:
                span.add(t, 2)
        # Article level.
        alts = [(e["type"], {fold(e["name"])} | {fold(m) for m in e["mentions"]}) for e in g["entities"]]
        matched = set()
        for p in pa.get(g["id"], []):
            hit = None
            for i, (t, names) in enumerate(alts):
                if t == p["type"] and fold(p["name"]) in names and i not in matched:
                    hit = i
                    break
            if hit is None:
                art.add(p["type"], 1)
            else:
                matched.add(hit)
                art.add(p["type"], 0)
        for i, (t, _) in enumerate(alts):
            if i not in matched:
                art.add(t, 2)
    return span, art, len(ids)


# ---- Reuters-21578 labels ---------------------------------------------------------------------------------

def reuters_place_codes():
    """ISO 3166 alpha-2 -> Reuters place code, from CLDR's English names, plus Reuters' own spellings."""
    root = ET.parse("/usr/share/unicode/cldr/common/main/en.xml").getroot()
    names = {}
    for t in root.iter("territory"):
        if len(t.get("type")) == 2 and t.get("alt") is None:
            names[t.get("type")] = t.text
    special = {"US": "usa", "GB": "uk", "SU": "ussr", "KR": "south-korea", "KP": "north-korea",
               "CI": "ivory-coast", "HK": "hong-kong", "MO": "macao", "AE": "uae", "CD": "zaire",
               "BO": "bolivia", "VE": "venezuela", "TW": "taiwan", "CZ": "czechoslovakia",
               "SK": "czechoslovakia", "MM": "burma", "VA": "vatican", "DD": "east-germany",
               "DE": "west-germany", "YU": "yugoslavia", "IR": "iran", "SY": "syria", "VN": "vietnam",
               "LA": "laos", "TZ": "tanzania", "RU": "ussr", "BN": "brunei", "KH": "kampuchea",
               "CV": "cape-verde", "BS": "bahamas", "GM": "gambia", "MK": "yugoslavia", "SI": "yugoslavia",
               "HR": "yugoslavia", "BA": "yugoslavia", "RS": "yugoslavia", "UA": "ussr", "KZ": "ussr",
               "BY": "ussr", "GE": "ussr", "AM": "ussr", "AZ": "ussr", "LT": "ussr", "LV": "ussr",
               "EE": "ussr", "SA": "saudi-arabia", "ZA": "south-africa", "NZ": "new-zealand",
               "LK": "sri-lanka", "PH": "philippines", "NL": "netherlands", "TT": "trinidad-tobago",
               "YE": "north-yemen", "CG": "congo", "FK": "falkland", "VG": "british-virgin-islands",
               "BZ": "belize", "GF": "french-guiana", "DO": "dominican-republic", "SV": "el-salvador",
               "CR": "costa-rica", "PR": "puerto-rico", "PG": "papua-new-guinea", "WS": "western-samoa"}
    out = {}
    for code, name in names.items():
        out[code] = special.get(code, re.sub(r"[^a-z]+", "-", name.lower()).strip("-"))
    for code, rc in special.items():
        out[code] = rc
    return out


def eval_reuters(cli, path):
    corpus = json.load(open(path, encoding="utf-8"))
    pred, log = run(cli, path, "--articles", "--source", "extracted")
    pa = {x["id"]: x["entities"] for x in pred}
    iso_to_code = reuters_place_codes()
    vocab = {t: set() for t in TYPES}
    desc = {}
    for a in corpus["articles"]:
        for e in a.get("entities", []):
            vocab[e["type"]].add(e["name"])
            if e.get("description"):
                desc[e["name"]] = e["description"]

    def initials(s):
        return "".join(w[0] for w in re.findall(r"[A-Za-z][A-Za-z'-]*", s) if w.lower() not in ("of", "the", "and", "for"))

    def codes_for(p):
        t, name = p["type"], p["name"]
        hy = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
        if t == "place":
            out = set()
            if p.get("country") and p["country"] in iso_to_code:
                out.add(iso_to_code[p["country"]])
            if hy in vocab["place"]:
                out.add(hy)
            return out
        if t == "person":
            out = set()
            for c in vocab["person"]:
                if hy == c or hy.endswith("-" + c) or (c.endswith("-" + hy.split("-")[-1]) and "-" in hy and c.split("-")[0][:1] == hy[:1]):
                    out.add(c)
            return out
        out = set()
        for c in vocab["organization"]:
            d = desc.get(c, "")
            if hy == c or initials(name).lower() == c or (d and fold(d) == fold(name)) or \
                    (d and initials(d).lower() == hy) or (len(name) <= 6 and name.lower() == c):
                out.add(c)
        return out

    tally = Tally()
    cache = {}
    for a in corpus["articles"]:
        gold = {t: {e["name"] for e in a.get("entities", []) if e["type"] == t} for t in TYPES}
        got = {t: set() for t in TYPES}
        for p in pa.get(a["id"], []):
            if p["type"] not in TYPES:
                continue
            key = (p["type"], p["name"], p.get("country", ""))
            if key not in cache:
                cache[key] = codes_for(p)
            got[p["type"]] |= cache[key]
        for t in TYPES:
            tally.add(t, 0, len(got[t] & gold[t]))
            tally.add(t, 1, len(got[t] - gold[t]))
            tally.add(t, 2, len(gold[t] - got[t]))
    return tally, log


def table(title, tally, note=""):
    lines = [f"**{title}**" + (f" ({note})" if note else ""), "",
             "| type | gold | precision | recall | F1 |", "|---|---:|---:|---:|---:|"]
    for t, n, p, r, f in tally.rows():
        lines.append(f"| {t} | {n} | {p:.2f} | {r:.2f} | {f:.2f} |")
    return "\n".join(lines) + "\n"


def f1_row(tally):
    rows = {t: f for t, _, p, r, f in tally.rows()}
    return rows


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cli, shared = sys.argv[1], sys.argv[2]
    md_out = sys.argv[sys.argv.index("--markdown") + 1] if "--markdown" in sys.argv else None
    with_peer = "--peer" in sys.argv
    parts = []
    side = ["**Side by side: span-level F1, Lede and compromise 14.17.0 (bench/entities_peer.mjs)**", "",
            "| gold set | Lede person | org | place | all three | compromise person | org | place | all three | ratio |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    sets = [("seed article", os.path.join(shared, "seed.json"), "seed.json"),
            ("sample corpus (assets/corpus.json)", os.path.join(ROOT, "assets", "corpus.json"), "sample.json"),
            ("Wikinews, 30 articles", os.path.join(shared, "wikinews.json"), "wikinews-dev.json"),
            ("Reuters-21578, 40 articles", os.path.join(shared, "reuters21578.json"), "reuters-dev.json")]
    for name, corpus, gold in sets:
        if not os.path.exists(corpus):
            parts.append(f"_{name}: skipped, {corpus} not found_\n")
            continue
        span, art, n = eval_gold(cli, corpus, os.path.join(ROOT, "tests", "gold", gold))
        parts.append(table(f"{name}: span level", span, f"{n} articles, gold in tests/gold/{gold}"))
        parts.append(table(f"{name}: article level", art))
        if with_peer:
            pm, pa, _ = peer_mentions(corpus)
            pspan, _, _ = eval_gold(cli, corpus, os.path.join(ROOT, "tests", "gold", gold), peer=(pm, pa))
            a, b = f1_row(span), f1_row(pspan)
            ratio = a["all three"] / b["all three"] if b["all three"] else float("inf")
            side.append(f"| {name} | " + " | ".join(f"{a[t]:.2f}" for t in (*TYPES, "all three")) + " | " +
                        " | ".join(f"{b[t]:.2f}" for t in (*TYPES, "all three")) + f" | {ratio:.2f}x |")
    reuters = os.path.join(shared, "reuters21578.json")
    if os.path.exists(reuters):
        tally, log = eval_reuters(cli, reuters)
        parts.append(table("Reuters-21578, all 21,578 articles: article level against the collection's labels",
                           tally, "in-vocabulary precision"))
        parts.append(f"`{log}`\n")
        if with_peer:
            _, _, peer_log = peer_mentions(reuters)
            side += ["", "Extraction time for all of Reuters-21578 (one run, this machine):", "",
                     f"- Lede native: `{log}`", f"- compromise under node: `{peer_log}`"]
    if with_peer:
        parts.insert(0, "\n".join(side) + "\n")
    report = "\n".join(parts)
    print(report)
    if md_out:
        with open(md_out, "w", encoding="utf-8") as f:
            f.write(report)


if __name__ == "__main__":
    main()
