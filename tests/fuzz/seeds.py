#!/usr/bin/env python3
"""tests/fuzz/seeds.py OUTDIR: writes the fuzz targets' seed inputs into OUTDIR/<kind>/, from the tests.

Kinds (a target names the ones it starts from on its "// seeds:" line):
  corpus       assets/corpus.json split into small corpora (one article per file as {"articles": [...]},
               bare arrays, JSON Lines), and the corpus literals of tests/core/corpus_test.cpp
  queries      the string literals of tests/core/query_test.cpp and search_test.cpp
  search       those queries behind the four option bytes of tests/fuzz/search.cpp, settings taken in turn
  links        the links of the app tests and README, and links built from the queries and the corpus
  corrections  corrections files from tests/app/entities_ui_test.cpp and the ops of entities_test.cpp
  dates        the string literals of tests/core/date_test.cpp, and the corpus's dates
  text         titles and texts of assets/corpus.json and the literals of analyzer_test.cpp, behind the
               language byte of tests/fuzz/analyzer.cpp
Hand-made seeds in tests/fuzz/seeds/<kind>/ are copied too. Seeds are generated at run time into the build
directory (never committed). Deterministic: the same tree gives the same seeds.
"""
import hashlib
import json
import os
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# A C++ string literal: raw R"delim(...)delim" or ordinary "..." (no prefix handling beyond u8).
LITERAL = re.compile(r'R"([^(\s]*)\((.*?)\)\1"|"((?:[^"\\\n]|\\.)*)"', re.S)


def unescape(body):
    """The bytes of an ordinary C++ string literal's body."""
    out = bytearray()
    i = 0
    raw = body.encode('utf-8')
    simple = {ord('n'): 10, ord('t'): 9, ord('r'): 13, ord('0'): 0, ord('\\'): 92, ord('"'): 34, ord("'"): 39,
              ord('a'): 7, ord('b'): 8, ord('f'): 12, ord('v'): 11, ord('?'): 63}
    while i < len(raw):
        c = raw[i]
        if c != 92 or i + 1 >= len(raw):
            out.append(c)
            i += 1
            continue
        e = raw[i + 1]
        if e == ord('x'):
            j = i + 2
            while j < len(raw) and chr(raw[j]) in '0123456789abcdefABCDEF':
                j += 1
            out.append(int(raw[i + 2:j] or b'0', 16) & 0xFF)
            i = j
        elif e in (ord('u'), ord('U')):
            n = 4 if e == ord('u') else 8
            out += chr(int(raw[i + 2:i + 2 + n], 16)).encode('utf-8', 'surrogatepass')
            i += 2 + n
        elif e in simple:
            out.append(simple[e])
            i += 2
        else:
            out.append(e)
            i += 2
    return bytes(out)


def literals(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as f:
        src = f.read()
    src = re.sub(r'^\s*//.*$', '', src, flags=re.M)  # whole-line comments
    found = []
    for m in LITERAL.finditer(src):
        found.append(m.group(2).encode('utf-8') if m.group(2) is not None else unescape(m.group(3)))
    return [s for s in found if s and not s.startswith(b'#include')]


class Writer:
    def __init__(self, out):
        self.out = out
        self.counts = {}

    def add(self, kind, data):
        if isinstance(data, str):
            data = data.encode('utf-8')
        d = os.path.join(self.out, kind)
        os.makedirs(d, exist_ok=True)
        name = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(d, name), 'wb') as f:
            f.write(data)
        self.counts[kind] = self.counts.get(kind, 0) + 1


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: tests/fuzz/seeds.py OUTDIR')
    out = sys.argv[1]
    shutil.rmtree(out, ignore_errors=True)
    w = Writer(out)
    with open(os.path.join(ROOT, 'assets/corpus.json'), encoding='utf-8') as f:
        corpus = json.load(f)
    articles = corpus['articles']

    # corpus
    for k, a in enumerate(articles):
        if k % 3 == 0:
            w.add('corpus', json.dumps({'name': corpus.get('name', ''), 'articles': [a]}, ensure_ascii=False))
        elif k % 3 == 1:
            w.add('corpus', json.dumps(articles[k:k + 2], ensure_ascii=False, indent=1))
        else:
            w.add('corpus', '\n'.join(json.dumps(x, ensure_ascii=False) for x in articles[k:k + 3]) + '\n')
    for s in literals('tests/core/corpus_test.cpp'):
        if s.lstrip()[:1] in (b'{', b'['):
            w.add('corpus', s)

    # queries, and search inputs (4 option bytes + query; see tests/fuzz/search.cpp)
    queries = []
    for path in ('tests/core/query_test.cpp', 'tests/core/search_test.cpp'):
        for s in literals(path):
            if len(s) <= 200 and b'\n' not in s:
                queries.append(s)
    queries += [b'wuzhen', b'market oil', b'market OR oil OR price', b'internet -market date:1980..2000',
                b'gover*', b'tomlinsen~1', b'entity:"James Baker"', b'lang:zh \xe4\xb9\x8c\xe9\x95\x87', b'"oil price"',
                b'title:market source:reuters', b'tag:china', b'-market']
    for q in queries:
        w.add('queries', q)
    settings = [bytes([0, 20, 0, 0]), bytes([1, 10, 0, 0]), bytes([1 | 8, 5, 3, 0]), bytes([1 | 16, 20, 0, 0x52]),
                bytes([2, 20, 0, 0]), bytes([1 | 4 | 8 | 16, 30, 7, 0x31]), bytes([32, 1, 0, 0]), bytes([1 | 32 | 8, 3, 4, 1])]
    for k, q in enumerate(queries):
        w.add('search', settings[k % len(settings)] + q)

    # links
    links = [s for p in ('tests/app/ui_frames_test.cpp', 'tests/app/entities_ui_test.cpp')
             for s in literals(p) if b'=' in s and b' ' not in s and len(s) < 300]
    links += [b'q=wuzhen&from=2014-01-01&to=2016-01-01&f=source:Lede%20Sample%20Wire,-tag:china&a=lede-sample-049',
              b'#q=internet%20governance&sort=newest&view=1995-01-01..2020-01-01&g=year',
              b'f=lang:zh&a=lede-sample-060&g=month', b'from=2014-11-19T09:30:00Z&to=2014-11-20']
    for k, q in enumerate(queries[:40]):
        links.append(b'q=' + q.replace(b'%', b'%25').replace(b'&', b'%26').replace(b' ', b'%20'))
    for k, a in enumerate(articles[:10]):
        links.append(('a=%s&f=source:%s' % (a['id'], a.get('source', '').replace(' ', '%20'))).encode('utf-8'))
    for s in links:
        w.add('links', s)

    # corrections
    for s in literals('tests/app/entities_ui_test.cpp'):
        if b'"ops"' in s:
            w.add('corrections', s)
    ops = []
    with open(os.path.join(ROOT, 'tests/core/entities_test.cpp'), encoding='utf-8') as f:
        for m in re.finditer(r'Op\(Correction::Op::k(\w+), "([^"]*)"(?:, "([^"]*)")?(?:, EntityType::k(\w+))?\)', f.read()):
            op, name, target, typ = m.group(1).lower(), m.group(2), m.group(3) or '', (m.group(4) or 'other').lower()
            o = {'op': op, 'name': name}
            if op == 'merge':
                o['into'] = target
            elif op == 'rename':
                o['to'] = target
            elif op == 'type':
                o['type'] = typ
            ops.append(o)
    for k in range(0, max(len(ops), 1), 3):
        w.add('corrections', json.dumps({'lede_entity_corrections': 1, 'ops': ops[k:k + 3]}, ensure_ascii=False, indent=1))
    w.add('corrections', json.dumps({'lede_entity_corrections': 1, 'ops': ops}, ensure_ascii=False))

    # dates
    for s in literals('tests/core/date_test.cpp'):
        if len(s) <= 64:
            w.add('dates', s)
    for a in articles:
        if a.get('date'):
            w.add('dates', a['date'])

    # text (language byte + text; see tests/fuzz/analyzer.cpp)
    for k, a in enumerate(articles):
        lang = 5 if a.get('lang') == 'zh' else 0  # index of "zh" / "en" in analyzer.cpp's kLangs
        w.add('text', bytes([lang]) + (a['title'] + '\n' + a['text']).encode('utf-8')[:2000])
    for k, s in enumerate(literals('tests/core/analyzer_test.cpp')):
        w.add('text', bytes([k % 16]) + s)

    # hand-made seeds
    hand = os.path.join(ROOT, 'tests/fuzz/seeds')
    if os.path.isdir(hand):
        for kind in sorted(os.listdir(hand)):
            for name in sorted(os.listdir(os.path.join(hand, kind))):
                with open(os.path.join(hand, kind, name), 'rb') as f:
                    w.add(kind, f.read())

    print(' '.join('%s:%d' % kv for kv in sorted(w.counts.items())))


if __name__ == '__main__':
    main()
