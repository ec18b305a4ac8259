#!/usr/bin/env python3
"""scripts/gazetteer.py: builds the entity extractor's word lists from data in Debian packages.

Run by CMake at build time (never by hand, never committed):
    python3 scripts/gazetteer.py OUT.cpp

Sources (installed by scripts/deps.sh system; the build fails with a clear message if one is missing):
  unicode-cldr-core     territory, language, month and weekday names (English and Chinese), Han-Latin
                        transform (pinyin readings, for romanized Chinese names)
  iso-codes             ISO 3166-1 country names and ISO 3166-2 subdivision names (with their country)
  tzdata                zone1970.tab: the cities time zones are named after (with their country)
  libgeonames-common   geonames.org place names (English and Chinese) shipped as translation catalogues
  python3-fake-factory  first names and surnames per locale (read as Python source, not imported)
  wamerican             the SCOWL American English word list: which words are ordinary lower-case words

Output: one C++ file defining `lede::kGazetteerData`, a text of lines `KIND<TAB>surface[<TAB>extra]`:
  C country (extra: "Canonical English name|ISO2")   P place (extra: ISO2 when known)  Q well-known place
  F first name  S surname  Z Chinese surname (Han)  Y pinyin syllable  W lower-case word
  L language or demonym (extra: canonical)  M month or weekday name
"""
import ast, gettext, json, os, re, sys, unicodedata
import xml.etree.ElementTree as ET

CLDR = "/usr/share/unicode/cldr/common"
ISO = "/usr/share/iso-codes/json"
TZ = "/usr/share/zoneinfo/zone1970.tab"
LOCALE = "/usr/share/locale"
FAKER = "/usr/lib/python3/dist-packages/faker/providers/person"
DICT = "/usr/share/dict/american-english"

NEEDS = {CLDR: "unicode-cldr-core", ISO: "iso-codes", TZ: "tzdata", FAKER: "python3-fake-factory",
         DICT: "wamerican", LOCALE + "/en/LC_MESSAGES/geonames.mo": "libgeonames-common"}


def fail(msg):
    sys.exit("gazetteer.py: " + msg)


for path, pkg in NEEDS.items():
    if not os.path.exists(path):
        fail(f"{path} is missing: install the Debian package {pkg} (scripts/deps.sh system does)")

lines = set()


def add(kind, surface, extra=""):
    surface = unicodedata.normalize("NFC", surface.strip())
    if not surface or "\t" in surface or "\n" in surface:
        return
    lines.add(f"{kind}\t{surface}\t{extra}" if extra else f"{kind}\t{surface}")


def ldml(locale):
    return ET.parse(f"{CLDR}/main/{locale}.xml").getroot()


# Countries: CLDR English names (with short and variant forms), ISO 3166-1 names, CLDR Chinese names.
en, zh = ldml("en"), ldml("zh")
canon = {}
for t in en.iter("territory"):
    code, alt = t.get("type"), t.get("alt")
    # Regions and bodies that CLDR lists among territories are not countries: EU, EZ, UN, QO, XA.., ZZ.
    if len(code) == 2 and code.isalpha() and alt is None and code not in ("EU", "EZ", "UN", "QO", "ZZ") \
            and not code.startswith("X"):
        canon[code] = t.text
# A short form that is a name, not an acronym, reads better: "Hong Kong" for "Hong Kong SAR China".
for t in en.iter("territory"):
    if t.get("alt") == "short" and t.get("type") in canon and len(t.text) > 3:
        canon[t.get("type")] = t.text
countries = {}  # surface -> code
for root in (en, zh):
    for t in root.iter("territory"):
        code = t.get("type")
        if code in canon and t.get("alt") in (None, "short", "variant"):
            countries.setdefault(t.text, code)
for c in json.load(open(f"{ISO}/iso_3166-1.json"))["3166-1"]:
    code = c["alpha_2"]
    if code not in canon:
        continue
    for key in ("name", "common_name", "official_name"):
        if key in c:
            countries.setdefault(c[key], code)
    countries.setdefault(c["alpha_3"], code) if c["alpha_3"] in ("USA",) else None
# The lands an official name lists: "United Kingdom of Great Britain and Northern Ireland" gives Great
# Britain, Britain and Northern Ireland.
lands = {}
for c in json.load(open(f"{ISO}/iso_3166-1.json"))["3166-1"]:
    if c["alpha_2"] in canon and " of " in c.get("official_name", ""):
        for part in c["official_name"].split(" of ", 1)[1].split(" and "):
            part = re.sub(r"^the ", "", part.strip())
            if part and part[0].isupper():
                lands.setdefault(part, set()).add(c["alpha_2"])
                if part.startswith("Great "):
                    lands.setdefault(part[6:], set()).add(c["alpha_2"])
for part, codes in lands.items():
    code = codes.pop() if len(codes) == 1 else None
    # "Korea" names two countries ("South Korea" is another): left out.
    if code and not any(c != code and re.search(rf"\b{re.escape(part)}\b", name) for name, c in countries.items()):
        countries.setdefault(part, code)
for surface, code in list(countries.items()):
    # Short all-caps forms are also written with stops in news copy: US -> U.S., UK -> U.K.
    if re.fullmatch(r"[A-Z]{2,3}", surface):
        countries.setdefault(".".join(surface) + ".", code)
    # "Korea, Republic of" style inversions are catalogue forms, not prose.
    if "," in surface:
        del countries[surface]
# Initialisms of long country names: "United Arab Emirates" -> UAE, "Union of Soviet Socialist
# Republics" -> USSR (ISO 3166-3 keeps the former countries).
for c in json.load(open(f"{ISO}/iso_3166-3.json"))["3166-3"]:
    code = c.get("alpha_2", "")[:2]
    parts = c["name"].split(", ")
    if code in canon or len(code) != 2 or code == "FX":
        continue  # a country that still exists under another code, or "France, Metropolitan"
    canon[code] = parts[0]
    for part in parts:
        countries.setdefault(part, code)
for surface, code in list(countries.items()):
    words = [w for w in surface.split() if w[0].isupper()]
    if len(words) >= 3 and all(w.isalpha() for w in words):
        countries.setdefault("".join(w[0] for w in words), code)
for surface, code in countries.items():
    add("C", surface, f"{canon[code]}|{code}")
# Continents and world regions (CLDR numeric territory codes).
for root in (en, zh):
    for t in root.iter("territory"):
        if t.get("type").isdigit() and t.get("alt") is None and t.text[0].isupper():
            add("P", t.text)

# Subdivisions (states, provinces, regions) with their country.
for s in json.load(open(f"{ISO}/iso_3166-2.json"))["3166-2"]:
    name = re.sub(r"\s*\(.*\)$", "", s["name"])
    for part in name.split(" / "):
        add("P", part, s["code"][:2])
        add("Q", part)
# Time-zone cities with their country.
for line in open(TZ, encoding="utf-8"):
    if line.startswith("#"):
        continue
    cols = line.rstrip("\n").split("\t")
    city = cols[2].split("/")[-1].replace("_", " ")
    add("P", city, cols[0].split(",")[0])
    add("Q", city)
# geonames.org place names (ids map to names; every name is a place).
# A place geonames also names in Chinese is a well-known one (Q): a hint that "Melbourne" is the city
# while "Howard" is more likely a person.
catalogs = {loc: gettext.GNUTranslations(open(f"{LOCALE}/{loc}/LC_MESSAGES/geonames.mo", "rb"))._catalog
            for loc in ("en", "zh")}
for loc, cat in catalogs.items():
    for key, name in cat.items():
        if isinstance(key, str) and key.isdigit() and not re.search(r"\d", name):
            add("P", name)
            if loc == "en" and key in catalogs["zh"]:
                add("Q", name)

# Languages (English and Chinese names) count as "other" (CoNLL's MISC), as do demonyms.
for root, loc in ((en, "en"), (zh, "zh")):
    for t in root.iter("language"):
        if t.get("alt") is None and "_" not in t.get("type") and t.text and " " not in t.text:
            add("L", t.text)
# Months and weekdays (wide and abbreviated) are never entities on their own.
for root in (en, zh):
    for cal in root.iter("calendar"):
        if cal.get("type") != "gregorian":
            continue
        for tag in ("month", "day"):
            for m in cal.iter(tag):
                if m.text and not m.text.isdigit():
                    add("M", m.text)

# Person names: first names and surnames from every Latin-script Faker locale.
def faker_lists(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("first_names", "first_names_male", "first_names_female", "last_names"):
                vals = []
                for sub in ast.walk(node.value):
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                        vals.append(sub.value)
                out.setdefault(name, []).extend(vals)
    return out


latin = re.compile(r"^[A-Za-zÀ-ɏ'’\- ]+$")
for loc in sorted(os.listdir(FAKER)):
    path = f"{FAKER}/{loc}/__init__.py"
    if not os.path.exists(path):
        continue
    lists = faker_lists(path)
    for key, vals in lists.items():
        for v in vals:
            if loc.startswith("zh") and key == "last_names" and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", v):
                add("Z", v)
            elif latin.match(v) and len(v) > 1 and v[0].isupper():
                add("S" if key == "last_names" else "F", v)

# Pinyin: syllables (for romanized given names like Xiaoxia) and romanized Chinese surnames.
reading = {}
for m in re.finditer(r"\[([^\]]+)\]\s*→\s*([a-zü\u0300-\u036f\u00e0-\u01dc]+)\s*;",
                     open(f"{CLDR}/transforms/Han-Latin.xml", encoding="utf-8").read()):
    syl = unicodedata.normalize("NFD", m.group(2))
    syl = "".join(ch for ch in syl if not unicodedata.combining(ch)).replace("ü", "v")
    for ch in m.group(1):
        reading.setdefault(ch, syl)
syllables = set(reading.values())
for s in syllables:
    add("Y", s)
for line in list(lines):
    kind, surface = line.split("\t")[:2]
    if kind == "Z" and all(ch in reading for ch in surface):
        add("S", "".join(reading[ch] for ch in surface).capitalize())

# Ordinary words: the SCOWL list's lower-case entries (proper nouns there are capitalized).
words = set()
for w in open(DICT, encoding="utf-8"):
    w = w.strip()
    if w and "'" not in w and w.islower():
        words.add(w)
for w in words:
    add("W", w)
# Demonyms: "Brazilian", "Japanese", "Israeli" are capitalized SCOWL words built on a country's name.
proper = set()
for w in open(DICT, encoding="utf-8"):
    w = w.strip()
    if w and "'" not in w and w[0].isupper():
        proper.add(w)
for surface, code in countries.items():
    if " " in surface or not surface.isalpha():
        continue
    stem = surface[:-1] if surface[-1] in "aeoy" else surface
    for suffix in ("an", "ian", "ean", "ese", "ish", "i", "ic", "ans", "ians", "eans"):
        for base in {surface, stem}:
            cand = base + suffix
            if cand in proper:
                add("L", cand)

out = sys.argv[1]
body = "\n".join(sorted(lines)) + "\n"
with open(out, "w", encoding="utf-8") as f:
    f.write("// Generated by scripts/gazetteer.py from Debian package data. Do not edit.\n")
    f.write("#include <cstddef>\nnamespace lede {\nextern const char kGazetteerData[];\n")
    f.write("extern const std::size_t kGazetteerSize;\nconst char kGazetteerData[] =\n")
    for line in body.splitlines(keepends=True):
        f.write('"' + line.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"\n')
    f.write(";\nconst std::size_t kGazetteerSize = sizeof(kGazetteerData) - 1;\n}  // namespace lede\n")
counts = {}
for line in lines:
    counts[line[0]] = counts.get(line[0], 0) + 1
print("gazetteer:", " ".join(f"{k}={v}" for k, v in sorted(counts.items())), f"bytes={len(body.encode())}")
