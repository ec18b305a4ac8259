// entities.cpp: rule-based entity extraction (see entities.h). Sections:
//   [SECTION] Gazetteer       the generated word lists, hashed for lookups by folded name
//   [SECTION] Cue words       titles, organization and place cue words (grammar, not gazetteers)
//   [SECTION] Tokens          words with byte ranges, case, sentence starts and line case modes
//   [SECTION] Latin names     candidate runs, splitting at titles and connectors, typing by evidence
//   [SECTION] Chinese names   places, people next to cues, organizations by suffix
//   [SECTION] Consistency     one article, then the corpus
#include "core/entities.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include <utf8proc.h>

#include "core/text.h"

namespace lede {

extern const char kGazetteerData[];
extern const std::size_t kGazetteerSize;

const char* EntitySourceName(EntitySource s) {
  switch (s) {
    case EntitySource::kBoth: return "both";
    case EntitySource::kSupplied: return "supplied";
    case EntitySource::kExtracted: return "extracted";
  }
  return "both";
}

bool ParseEntitySource(std::string_view s, EntitySource* out) {
  if (s == "both") *out = EntitySource::kBoth;
  else if (s == "supplied") *out = EntitySource::kSupplied;
  else if (s == "extracted") *out = EntitySource::kExtracted;
  else return false;
  return true;
}

bool ParseEntityType(std::string_view s, EntityType* out) {
  std::string l(s);
  for (char& c : l) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (l == "person" || l == "per" || l == "people") *out = EntityType::kPerson;
  else if (l == "organization" || l == "organisation" || l == "org") *out = EntityType::kOrganization;
  else if (l == "place" || l == "loc" || l == "location" || l == "gpe") *out = EntityType::kPlace;
  else if (l == "other" || l == "misc") *out = EntityType::kOther;
  else return false;
  return true;
}

namespace {

// Lower-cases s (Unicode simple lower case), collapsing runs of spaces. "U.S." stays "u.s.".
void FoldAppend(std::string_view s, std::string* out) {
  bool space = false;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = !out->empty(); continue; }
      if (space) out->push_back(' ');
      space = false;
      out->push_back(char(c >= 'A' && c <= 'Z' ? c + 32 : c));
      continue;
    }
    char32_t cp;
    int len = DecodeUtf8(s, i, &cp);
    if (len == 0) { ++i; continue; }
    if (space) out->push_back(' ');
    space = false;
    if (cp == U'\u2019') cp = '\'';
    AppendUtf8(*out, char32_t(utf8proc_tolower(utf8proc_int32_t(cp))));
    i += size_t(len);
  }
}

}  // namespace

std::string FoldName(std::string_view name) {
  std::string out;
  FoldAppend(name, &out);
  return out;
}

// [SECTION] Gazetteer ------------------------------------------------------------------------------------

enum GazFlag : uint16_t {
  kGCountry = 1, kGPlace = 2, kGFirst = 4, kGSurname = 8, kGZhSurname = 16, kGPinyin = 32, kGWord = 64,
  kGLang = 128, kGMonth = 256, kGMajor = 512,
};

class Gazetteer {
 public:
  struct Info {
    uint16_t flags = 0;
    std::string_view canonical;  // countries: English name
    char country[3] = {0, 0, 0};
  };

  Gazetteer() {
    std::string_view data(kGazetteerData, kGazetteerSize);
    size_t lines = 0;
    for (char c : data) lines += c == '\n';
    slots_.assign(size_t(1) << (64 - __builtin_clzll(uint64_t(lines) * 2 + 1)), UINT32_MAX);
    tags_.assign(slots_.size(), 0);
    keys_.reserve(data.size());
    size_t pos = 0;
    while (pos < data.size()) {
      size_t eol = data.find('\n', pos);
      if (eol == std::string_view::npos) eol = data.size();
      std::string_view line = data.substr(pos, eol - pos);
      pos = eol + 1;
      if (line.size() < 3 || line[1] != '\t') continue;
      const char kind = line[0];
      line.remove_prefix(2);
      std::string_view surface = line, extra;
      if (size_t tab = line.find('\t'); tab != std::string_view::npos) {
        surface = line.substr(0, tab);
        extra = line.substr(tab + 1);
      }
      Info& info = Insert(surface);
      switch (kind) {
        case 'C': {
          info.flags |= kGCountry;
          size_t bar = extra.find('|');
          if (bar != std::string_view::npos) {
            info.canonical = extra.substr(0, bar);
            std::memcpy(info.country, extra.data() + bar + 1, std::min<size_t>(2, extra.size() - bar - 1));
          }
          break;
        }
        case 'P':
          info.flags |= kGPlace;
          if (extra.size() == 2 && info.country[0] == 0) std::memcpy(info.country, extra.data(), 2);
          break;
        case 'F': info.flags |= kGFirst; break;
        case 'S': info.flags |= kGSurname; break;
        case 'Z': info.flags |= kGZhSurname; break;
        case 'Y': info.flags |= kGPinyin; break;
        case 'W': info.flags |= kGWord; break;
        case 'L': info.flags |= kGLang; break;
        case 'M': info.flags |= kGMonth; break;
        case 'Q': info.flags |= kGMajor; break;
        default: break;
      }
    }
  }

  // Looks up an already folded key.
  const Info* FindFolded(std::string_view key) const {
    const size_t mask = slots_.size() - 1;
    const uint64_t hash = Hash(key);
    const uint32_t tag = uint32_t(hash >> 32);
    for (size_t h = size_t(hash & mask);; h = (h + 1) & mask) {
      const uint32_t e = slots_[h];
      if (e == UINT32_MAX) return nullptr;
      // The tag (upper hash bits, kept beside the slot) rules out most mismatches without touching the
      // entry or its key: lookups are cache misses, and this halves them.
      if (tags_[h] == tag && KeyOf(entries_[e]) == key) return &entries_[e].info;
    }
  }
  const Info* Find(std::string_view surface) const {
    thread_local std::string key;
    key.clear();
    FoldAppend(surface, &key);
    return FindFolded(key);
  }
  uint16_t FlagsFolded(std::string_view key) const {
    const Info* i = FindFolded(key);
    return i ? i->flags : 0;
  }
  uint16_t Flags(std::string_view surface) const {
    const Info* i = Find(surface);
    return i ? i->flags : 0;
  }

 private:
  struct Entry {
    uint32_t off, len;
    Info info;
  };
  static uint64_t Hash(std::string_view s) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a, 64 bits
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h ^ (h >> 29);
  }
  std::string_view KeyOf(const Entry& e) const { return std::string_view(keys_).substr(e.off, e.len); }
  Info& Insert(std::string_view surface) {
    std::string key;
    FoldAppend(surface, &key);
    const size_t mask = slots_.size() - 1;
    size_t h = size_t(Hash(key) & mask);
    for (;; h = (h + 1) & mask) {
      const uint32_t e = slots_[h];
      if (e == UINT32_MAX) break;
      if (KeyOf(entries_[e]) == key) return entries_[e].info;
    }
    slots_[h] = uint32_t(entries_.size());
    tags_[h] = uint32_t(Hash(key) >> 32);
    entries_.push_back({uint32_t(keys_.size()), uint32_t(key.size()), {}});
    keys_ += key;  // reserved up front: string_views into keys_ stay valid
    return entries_.back().info;
  }

  std::vector<uint32_t> slots_;
  std::vector<uint32_t> tags_;
  std::vector<Entry> entries_;
  std::string keys_;
};

// [SECTION] Cue words ------------------------------------------------------------------------------------
// Closed-class words of English news style. These are grammar (which words signal a title, an
// organization or a place), not lists of names; the names themselves come from the gazetteer.

namespace {

using WordSet = std::unordered_set<std::string_view>;

bool InList(std::string_view w, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list)
    if (x == w) return true;
  return false;
}

// Folded forms. Words that stand before a person's name and are not part of it.
const WordSet& TitleWords() {
  static const WordSet kWords{"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "professor", "sir",
                    "dame", "lord", "lady", "president", "vice", "premier", "prime", "minister", "secretary",
                    "secretary-general", "deputy", "chairman", "chairwoman", "chairperson", "governor", "gov.",
                    "senator", "sen.", "rep.", "representative", "congressman", "congresswoman", "mayor", "king",
                    "queen", "prince", "princess", "pope", "rev.", "reverend", "judge", "justice", "general",
                    "gen.", "colonel", "col.", "captain", "capt.", "lieutenant", "lt.", "sergeant", "sgt.",
                    "admiral", "commander", "chief", "director", "director-general", "ambassador", "chancellor",
                    "spokesman", "spokeswoman", "spokesperson", "treasurer", "speaker", "coach", "detective",
                    "inspector", "commissioner", "academician", "dean", "councillor", "councilor", "bishop",
                    "archbishop", "cardinal", "sheikh", "emir", "sultan", "ayatollah", "marshal", "corporal",
                    "ceo", "chairman-elect", "president-elect", "leader", "counsel", "attorney", "economist",
                    "analyst", "reporter", "correspondent", "editor", "officer", "executive", "manager",
                    "superintendent", "crown", "former", "acting", "sen", "rep", "gov", "gen", "lt", "col",
                    "capt", "sgt", "rev"};
  return kWords;
}

// Words that end an organization's name ("Tencent Holdings", "Zhijiang Labs", "Bank").
const WordSet& OrgSuffixs() {
  static const WordSet kWords{"inc", "inc.", "incorporated", "corp", "corp.", "corporation", "co", "co.", "cos", "cos.",
                    "company", "companies", "ltd", "ltd.", "limited", "llc", "plc", "ag", "sa", "s.a.", "nv",
                    "n.v.", "gmbh", "bv", "b.v.", "spa", "s.p.a.", "ab", "asa", "kk", "group", "holdings",
                    "holding", "bank", "bancorp", "bancshares", "partners", "associates", "industries",
                    "technologies", "technology", "systems", "labs", "laboratories", "laboratory", "software",
                    "communications", "airlines", "airways", "motors", "petroleum", "pharmaceuticals",
                    "securities", "trust", "capital", "investments", "fund", "foundation", "institute",
                    "institution", "university", "college", "school", "academy", "ministry", "department",
                    "agency", "bureau", "office", "administration", "authority", "commission", "committee",
                    "council", "board", "association", "federation", "union", "league", "party", "parliament",
                    "congress", "senate", "assembly", "court", "tribunal", "conference", "organization",
                    "organisation", "society", "secretariat", "service", "services", "police", "army", "navy",
                    "guard", "club", "fc", "times", "post", "news", "press", "herald", "journal", "tribune",
                    "gazette", "television", "tv", "radio", "broadcasting", "network", "exchange", "reserve",
                    "treasury", "church", "museum", "hospital", "centre", "center", "brothers", "bros",
                    "bros.", "electric", "chemical", "chemicals", "steel", "mining", "resources", "corps",
                    "cabinet", "government", "commonwealth", "coalition", "alliance", "movement", "front",
                    "forces", "force", "brigade", "brigades", "ministries", "enterprises", "motor", "foods",
                    "stores", "inc.,", "energy", "oil", "gas", "power", "telecom", "airline", "railways",
                    "railway", "media", "publishing", "studios", "entertainment", "insurance", "financial",
                    "finance", "credit", "savings", "mortgage", "realty", "properties", "international",
                    "worldwide", "global", "consortium", "cooperative", "council", "directorate", "inc,",
                    "unit", "division", "team", "organizing", "lab"};
  return kWords;
}

// Words that end the name of an event, a law, an award or a named thing (CoNLL's "miscellaneous").
const WordSet& OtherSuffixs() {
  static const WordSet kWords{"day", "eve", "war", "award", "awards", "prize", "cup", "games", "olympics", "championship",
                    "championships", "festival", "act", "treaty", "accord", "accords", "agreement", "protocol",
                    "index", "expo", "competition", "telescope", "report", "declaration", "convention",
                    "summit", "tournament", "open", "marathon", "election", "elections", "revolution",
                    "crisis", "doctrine", "plan", "initiative", "program", "programme", "project", "bill",
                    "law", "directive", "regulation", "charter", "constitution", "strategy", "week", "year"};
  return kWords;
}
const WordSet& OtherHeads() {
  static const WordSet kWords{"hurricane", "typhoon", "cyclone", "storm", "tropical", "operation", "project", "battle",
                    "siege", "mv", "uss", "hms", "flight"};
  return kWords;
}
const WordSet& StrongPlaceHeads() {
  static const WordSet kWords{"mount", "mt.", "lake", "gulf", "cape", "isle", "bay", "strait", "sea", "river", "port",
                    "fort", "ft."};
  return kWords;
}

// Words that begin an organization's name when "of" follows ("University of Chicago").
const WordSet& OrgHeads() {
  static const WordSet kWords{"university", "bank", "ministry", "department", "institute", "council", "commission",
                    "office", "bureau", "federation", "association", "academy", "church", "court", "board",
                    "house", "college", "school", "museum", "union", "league", "party", "society", "chamber",
                    "committee", "secretariat", "administration", "agency", "organization", "organisation",
                    "conference", "congress", "parliament", "assembly", "government", "federal", "central",
                    "national", "state", "people's", "fund", "group", "center", "centre", "foundation",
                    "cabinet", "senate", "exchange", "authority", "order", "corps", "department"};
  return kWords;
}

// Words that make a name a place ("Gulf of Mexico", "Mexico City", "Tiananmen Square").
const WordSet& PlaceHeads() {
  static const WordSet kWords{"mount", "mt.", "mt", "lake", "gulf", "cape", "isle", "port", "fort", "ft.", "san", "santa",
                    "saint", "st.", "new", "north", "south", "east", "west", "northern", "southern", "eastern",
                    "western", "central", "upper", "lower", "greater"};
  return kWords;
}
const WordSet& PlaceSuffixs() {
  static const WordSet kWords{"river", "sea", "ocean", "island", "islands", "valley", "province", "county", "street",
                    "avenue", "road", "square", "strait", "straits", "peninsula", "desert", "canal", "city",
                    "bay", "mountains", "mountain", "hills", "coast", "region", "district", "prefecture",
                    "state", "town", "village", "harbor", "harbour", "airport", "station", "park", "basin",
                    "plain", "plateau", "delta", "channel", "lakes", "falls", "beach", "heights", "territory",
                    "territories", "oblast", "krai", "governorate", "municipality", "borough", "township"};
  return kWords;
}

// Lower-case words that may sit inside a name ("Bank of England", "Procter & Gamble", "Ludwig van Beethoven").
const WordSet& Connectors() {
  static const WordSet kWords{"of", "for", "and", "&", "de", "del", "della", "di", "da", "van", "von", "der", "den", "la",
                    "le", "du", "des", "bin", "al", "el", "y", "on", "the", "und", "do", "dos", "das", "ibn",
                    "upon", "in"};
  return kWords;
}

// Capitalized at a sentence start these are never names.
const WordSet& StopWords() {
  static const WordSet kWords{"the", "a", "an", "in", "on", "at", "of", "for", "and", "but", "or", "he", "she", "it", "they",
                    "we", "i", "you", "this", "that", "these", "those", "its", "his", "her", "their", "our",
                    "there", "here", "when", "while", "after", "before", "as", "if", "what", "who", "which",
                    "where", "why", "how", "with", "by", "from", "to", "into", "under", "over", "during",
                    "since", "until", "because", "although", "though", "also", "however", "meanwhile", "then",
                    "some", "many", "most", "all", "both", "each", "every", "no", "not", "one", "two", "three",
                    "mr", "according", "among", "about", "said", "says", "other",
                    "his", "him", "them", "my", "your", "me", "so", "yet", "such", "than", "was", "is",
                    "are", "were", "be", "has", "have", "had", "will", "would", "can", "could", "may",
                    "might", "should", "do", "does", "did", "let", "per", "via", "re", "yes", "oh"};
  return kWords;
}

// Words before a name that say it is a place.
const WordSet& PlacePrepositions() {
  static const WordSet kWords{"in", "at", "from", "near", "across", "throughout", "outside", "inside", "into", "toward",
                    "towards", "around", "to", "visited", "visit", "via", "between", "entered", "leaving",
                    "left", "reach", "reached", "border"};
  return kWords;
}

const WordSet& SpeechVerbs() {
  static const WordSet kWords{"said", "says", "told", "added", "noted", "stated", "explained", "argued", "wrote",
                    "asked", "replied", "according"};
  return kWords;
}

enum WordClass : uint16_t {
  kWTitle = 1, kWOrgSuffix = 2, kWOrgHead = 4, kWPlaceHead = 8, kWPlaceSuffix = 16, kWConnector = 32, kWStop = 64, kWPlacePrep = 128, kWSpeech = 256, kWOtherSuffix = 512, kWOtherHead = 1024, kWStrongPlaceHead = 2048,
};

// All the cue-word classes of a folded word, in one lookup (words are looked up once per token).
uint16_t ClassOf(std::string_view f) {
  // Most words are in no class: a table of (first byte, length) pairs that occur rules them out first.
  static const std::vector<bool> kMaybe = [] {
    std::vector<bool> m(256 * 32, false);
    for (const WordSet* set : {&TitleWords(), &OrgSuffixs(), &OrgHeads(), &PlaceHeads(), &PlaceSuffixs(),
                               &Connectors(), &StopWords(), &PlacePrepositions(), &SpeechVerbs(),
                               &OtherSuffixs(), &OtherHeads(), &StrongPlaceHeads()})
      for (std::string_view w : *set) m[size_t(static_cast<unsigned char>(w[0])) * 32 + std::min<size_t>(w.size(), 31)] = true;
    return m;
  }();
  if (f.empty() || !kMaybe[size_t(static_cast<unsigned char>(f[0])) * 32 + std::min<size_t>(f.size(), 31)]) return 0;
  static const std::unordered_map<std::string_view, uint16_t> kClasses = [] {
    std::unordered_map<std::string_view, uint16_t> m;
    auto add = [&m](const WordSet& set, uint16_t c) {
      for (std::string_view w : set) m[w] |= c;
    };
    add(TitleWords(), kWTitle);
    add(OrgSuffixs(), kWOrgSuffix);
    add(OrgHeads(), kWOrgHead);
    add(PlaceHeads(), kWPlaceHead);
    add(PlaceSuffixs(), kWPlaceSuffix);
    add(Connectors(), kWConnector);
    add(StopWords(), kWStop);
    add(PlacePrepositions(), kWPlacePrep);
    add(SpeechVerbs(), kWSpeech);
    add(OtherSuffixs(), kWOtherSuffix);
    add(OtherHeads(), kWOtherHead);
    add(StrongPlaceHeads(), kWStrongPlaceHead);
    return m;
  }();
  auto it = kClasses.find(f);
  return it == kClasses.end() ? 0 : it->second;
}
bool IsConnector(std::string_view f) { return (ClassOf(f) & kWConnector) != 0; }
bool IsStopWord(std::string_view f) { return (ClassOf(f) & kWStop) != 0; }
bool IsPlacePreposition(std::string_view f) { return (ClassOf(f) & kWPlacePrep) != 0; }

}  // namespace

// [SECTION] Tokens ---------------------------------------------------------------------------------------

namespace {

constexpr uint16_t kClsUnknown = 0xFFFF;

struct Token {
  uint32_t b = 0, e = 0;       // byte range (possessive 's excluded)
  std::string fold;            // folded text
  bool word = false;           // letters or digits
  bool cap = false;            // first letter upper case
  bool allcaps = false;        // at least two letters, none lower case (or one capital with a stop: "U.")
  bool has_lower = false;
  bool digit = false;          // starts with a digit
  bool possessive = false;     // followed by 's / ’s
  uint16_t flags = 0;          // gazetteer flags of the folded word
  mutable uint16_t cls = kClsUnknown;  // cue-word classes (WordClass) of the folded word; see ClsOf
  bool sentence_start = false; // first word of a sentence or line
  bool line_start = false;
  uint8_t line_mode = 0;       // 0 normal, 1 title case, 2 all caps
  bool short_line = false;     // on a short line with no full stop at its end (a label, a table row)
  char32_t punct = 0;          // for punctuation tokens
};

// A token's cue-word classes, looked up the first time they are asked for (most words never are).
uint16_t ClsOf(const Token& t) {
  if (t.cls == kClsUnknown) t.cls = t.fold.empty() ? 0 : ClassOf(t.fold);
  return t.cls;
}

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return (cp | 32) >= 'a' && (cp | 32) <= 'z';
  const auto c = utf8proc_category(utf8proc_int32_t(cp));
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_MN;
}
bool IsUpper(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return utf8proc_category(utf8proc_int32_t(cp)) == UTF8PROC_CATEGORY_LU;
}
bool IsLower(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return utf8proc_category(utf8proc_int32_t(cp)) == UTF8PROC_CATEGORY_LL;
}

// Abbreviations whose stop does not end a sentence (folded, without the stop).
bool IsAbbreviation(std::string_view f) {
  static const WordSet kWords{"mr", "mrs", "ms", "dr", "prof", "inc", "corp", "co", "cos", "ltd", "jr", "sr", "st", "gen",
                    "sen", "rep", "gov", "lt", "col", "capt", "sgt", "mt", "ft", "no", "vs", "rev", "jan", "feb",
                    "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "messrs", "bros", "dept", "est",
                    "approx", "etc", "u.s", "u.k", "u.n", "e.g", "i.e", "univ", "assn", "ave", "blvd"};
  return kWords.count(f) > 0;
}

char32_t At(std::string_view s, size_t i, int* len) {
  char32_t cp = 0;
  int l = DecodeUtf8(s, i, &cp);
  if (l == 0) { l = 1; cp = 0xFFFD; }
  *len = l;
  return cp;
}

// Splits a Latin-script field into tokens. CJK characters become punctuation (handled by the Chinese pass).
std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  out.reserve(s.size() / 5 + 8);
  bool sentence = true, line = true;
  size_t i = 0;
  while (i < s.size()) {
    int len;
    char32_t cp = At(s, i, &len);
    if (cp == '\n') {
      line = true;
      sentence = true;
      i += size_t(len);
      continue;
    }
    if (cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x3000) { i += size_t(len); continue; }
    if (IsLetter(cp) && !IsCjk(cp)) {
      Token t;
      t.b = uint32_t(i);
      t.word = true;
      t.cap = IsUpper(cp);
      // "al-Eryani", "el-Sisi": an Arabic article before a capitalized name.
      if (!t.cap && i + 3 < s.size() && (s.compare(i, 3, "al-") == 0 || s.compare(i, 3, "el-") == 0) &&
          std::isupper(static_cast<unsigned char>(s[i + 3])))
        t.cap = true;
      bool lower = IsLower(cp);
      int letters = 1;
      size_t j = i + size_t(len);
      while (j < s.size()) {
        int l2;
        char32_t c2 = At(s, j, &l2);
        if ((IsLetter(c2) && !IsCjk(c2)) || (c2 >= '0' && c2 <= '9')) {
          lower |= IsLower(c2);
          letters += IsLetter(c2);
          j += size_t(l2);
          continue;
        }
        // Inner hyphen, apostrophe or stop followed by a letter: part of the word (Secretary-General,
        // O'Brien, U.S.), except the possessive 's.
        if (c2 == '-' || c2 == '\'' || c2 == 0x2019 || c2 == '.' || c2 == '&') {
          int l3;
          char32_t c3 = j + size_t(l2) < s.size() ? At(s, j + size_t(l2), &l3) : 0;
          if ((c2 == '\'' || c2 == 0x2019) && (c3 == 's' || c3 == 'S')) {
            size_t after = j + size_t(l2) + 1;
            int l4;
            char32_t c4 = after < s.size() ? At(s, after, &l4) : ' ';
            if (!IsLetter(c4)) {
              t.possessive = true;
              break;
            }
          }
          if (c2 == '.' && IsLetter(c3) && j - i <= 2 && letters == 1) { j += size_t(l2); continue; }  // U.S
          if (c2 == '&' && IsUpper(c3) && letters <= 2) { j += size_t(l2); continue; }                  // AT&T
          if ((c2 == '-' || c2 == '\'' || c2 == 0x2019) && (IsLetter(c3) || (c3 >= '0' && c3 <= '9'))) {
            j += size_t(l2);
            continue;
          }
        }
        break;
      }
      // A trailing stop belongs to initials ("U.S.", "J.") and to known abbreviations ("Inc.").
      if (!t.possessive && j < s.size() && s[j] == '.') {
        std::string f;
        FoldAppend(s.substr(i, j - i), &f);
        const bool initial = letters == 1 && t.cap;
        const bool dotted = f.find('.') != std::string::npos;
        if (initial || dotted || IsAbbreviation(f)) ++j;
      }
      t.e = uint32_t(j);
      FoldAppend(s.substr(t.b, t.e - t.b), &t.fold);
      t.has_lower = lower;
      t.allcaps = t.cap && !lower && (letters >= 2 || s[t.e - 1] == '.');
      t.sentence_start = sentence;
      t.line_start = line;
      sentence = line = false;
      out.push_back(std::move(t));
      i = j;
      if (out.back().possessive) {
        int l2;
        At(s, i, &l2);
        i += size_t(l2) + 1;  // skip 's
      } else if (out.back().e > 0 && s[out.back().e - 1] == '.') {
        // "Inc." or "U.S." at the end of a sentence: a new line or a capitalized stop word follows.
        std::string_view f = out.back().fold;
        if (!IsAbbreviation(f.substr(0, f.size() - 1)) && f.size() > 2 && f[f.size() - 3] != '.') sentence = true;
      }
      continue;
    }
    if (cp >= '0' && cp <= '9') {
      Token t;
      t.b = uint32_t(i);
      size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '.' || s[j] == ',' ||
                              s[j] == '-' || s[j] == ':')) {
        if ((s[j] == '.' || s[j] == ',') && (j + 1 >= s.size() || !std::isdigit(static_cast<unsigned char>(s[j + 1])))) break;
        ++j;
      }
      t.e = uint32_t(j);
      t.word = true;
      t.digit = true;
      t.fold = std::string(s.substr(i, j - i));
      t.sentence_start = sentence;
      t.line_start = line;
      sentence = line = false;
      out.push_back(std::move(t));
      i = j;
      continue;
    }
    Token t;
    t.b = uint32_t(i);
    t.e = uint32_t(i + size_t(len));
    t.punct = cp;
    if (cp == '&') t.fold = "&";
    if (cp == '.' || cp == '!' || cp == '?' || cp == ';' || cp == ':' || cp == 0x2026 || cp == 0x3002 ||
        cp == '|' || cp == 0x2022)
      sentence = true;
    if (IsCjk(cp)) sentence = true;
    out.push_back(std::move(t));
    i += size_t(len);
  }
  // Line case modes: a line whose words are (nearly) all capitalized carries no capitalization evidence.
  size_t a = 0;
  while (a < out.size()) {
    size_t b = a + 1;
    while (b < out.size() && !out[b].line_start) ++b;
    int words = 0, caps = 0, allcaps = 0, lower = 0, digits = 0;
    for (size_t k = a; k < b; ++k) {
      const Token& t = out[k];
      digits += t.digit;
      if (!t.word || t.digit) continue;
      ++words;
      if (t.allcaps) ++allcaps;
      if (t.cap) ++caps;
      else if (lower == 0 && !((ClsOf(t) & kWStop) != 0) && !((ClsOf(t) & kWConnector) != 0)) ++lower;  // one is enough
    }
    uint8_t mode = 0;
    if (words >= 2 && allcaps * 10 >= words * 8 && lower == 0) mode = 2;
    else if (words == 1 && allcaps == 1) mode = 2;  // a sign-off or label alone on its line ("REUTER")
    else if (digits >= 2 && digits * 10 >= (words + digits) * 2 && out[b - 1].e - out[a].b < 80) mode = 2;  // a table row
    // Title Case: every word but the small ones capitalized, and no full stop at the end (a headline, not
    // a sentence that happens to list names).
    else if (words >= 3 && caps >= 3 && lower == 0 && out[b - 1].punct != '.' && out[b - 1].e - out[a].b < 160) mode = 1;
    const bool short_line = out[b - 1].e - out[a].b < 60 && out[b - 1].punct != '.';
    for (size_t k = a; k < b; ++k) {
      out[k].line_mode = mode;
      out[k].short_line = short_line;
    }
    a = b;
  }
  return out;
}

}  // namespace

// [SECTION] Latin names ----------------------------------------------------------------------------------

namespace {

enum Strength : uint8_t { kWeak = 0, kMedium = 1, kStrong = 2 };

struct Candidate {
  uint32_t first, last;        // token range [first, last]
  EntityType type = EntityType::kOther;
  uint8_t strength = kWeak;
  bool drop = false;
  bool person_title = false;   // a title stood before it
  bool acronym = false;
  std::string key;             // folded surface
};

class LatinPass {
 public:
  LatinPass(const Gazetteer& g, std::string_view s) : g_(g), s_(s), t_(Tokenize(s)) {
    // Only capitalized words can be (or start) names; lower-case words are never looked up.
    for (Token& t : t_)
      if (t.word && !t.digit && t.cap) t.flags = g_.FlagsFolded(t.fold);
  }

  std::vector<Candidate> Run(const std::unordered_map<std::string, std::pair<EntityType, uint8_t>>* known) {
    known_ = known;
    for (size_t i = 0; i < t_.size();) {
      if (t_[i].line_start && t_[i].line_mode != 0) {
        if (size_t next = ScoreLine(i)) { i = next; continue; }
      }
      if (t_[i].line_mode != 0) { i = KnownNamesInCapsLine(i); continue; }
      if (!StartsName(i)) { ++i; continue; }
      size_t j = i;
      while (true) {
        size_t k = j + 1;
        if (k < t_.size() && Adjacent(j, k) && IsNameWord(k) && t_[k].line_mode == 0 && !t_[j].possessive) { j = k; continue; }
        // Connectors: "Bank of England", "Procter & Gamble", "Secretariat of the Leading Group".
        if (k + 1 < t_.size() && !t_[j].possessive && (t_[k].word || t_[k].fold == "&") && !t_[k].cap &&
            ((ClsOf(t_[k]) & kWConnector) != 0) && Adjacent(j, k)) {
          size_t m = k + 1;
          if ((t_[k].fold == "of" || t_[k].fold == "for" || t_[k].fold == "and") && m < t_.size() &&
              t_[m].fold == "the" && Adjacent(k, m))
            ++m;
          if (m < t_.size() && Adjacent(m - 1, m) && IsNameWord(m) && t_[m].line_mode == 0) { j = m; continue; }
        }
        break;
      }
      Segment(uint32_t(i), uint32_t(j));
      i = j + 1;
    }
    return std::move(c_);
  }

  const std::vector<Token>& tokens() const { return t_; }

 private:
  bool Adjacent(size_t a, size_t b) const {
    // Only spaces between the two tokens (no new line).
    for (size_t p = t_[a].e; p < t_[b].b; ++p)
      if (s_[p] != ' ' && s_[p] != '\t') return false;
    return !t_[b].line_start;
  }
  bool IsNameWord(size_t i) const {
    const Token& t = t_[i];
    if (!t.word || t.digit) return false;
    if (!t.cap) return false;
    // "I'm", "You’ve": contractions.
    for (std::string_view end : {"'m", "'ve", "'ll", "'re", "'d", "n't"})
      if (t.fold.size() > end.size() && t.fold.compare(t.fold.size() - end.size(), end.size(), end) == 0) return false;
    // "Tokyo-based", "Israeli-occupied", "Short-term": adjectives made from a name.
    if (size_t h = t.fold.rfind('-'); h != std::string::npos && h + 1 < t.fold.size()) {
      const char c = s_[t.b + h + 1];
      if (c >= 'a' && c <= 'z' && t.fold.compare(0, 3, "al-") != 0 && t.fold.compare(0, 3, "el-") != 0) return false;
    }
    if (t.sentence_start && ((ClsOf(t) & kWStop) != 0)) return false;
    if (!t.sentence_start && ((ClsOf(t) & kWStop) != 0) && t.fold != "i") return t.allcaps;  // "The" inside "The Hague"
    return true;
  }
  // Whether a capitalized word can open a name: at a sentence start it must not be an ordinary word
  // unless the gazetteer knows it as a name or a capitalized word follows it ("Will Smith").
  bool StartsName(size_t i) const {
    if (!IsNameWord(i)) return false;
    const Token& t = t_[i];
    if (!t.sentence_start) return true;
    const uint16_t f = t.flags;
    if (f & (kGCountry | kGLang)) return true;
    if ((f & kGWord) == 0) return true;
    if (known_ && known_->count(t.fold)) return true;
    if (i + 1 < t_.size() && Adjacent(i, i + 1) && IsNameWord(i + 1) && (f & (kGFirst | kGPlace))) return true;
    if (((ClsOf(t) & kWTitle) != 0) && i + 1 < t_.size() && Adjacent(i, i + 1) && IsNameWord(i + 1)) return true;
    // "First National Bank said": the run ends like an organization's name.
    size_t j = i;
    while (j + 1 < t_.size() && Adjacent(j, j + 1) && IsNameWord(j + 1) && !t_[j].possessive) ++j;
    return j > i && ((ClsOf(t_[j]) & kWOrgSuffix) != 0) && !((ClsOf(t_[j]) & kWPlaceSuffix) != 0);
  }

  // A results line, "Leeds 2 Arsenal 1": the two names are teams (organizations). Returns the index after
  // the line, or 0 when the line is not one.
  size_t ScoreLine(size_t i) {
    size_t end = i + 1;
    while (end < t_.size() && !t_[end].line_start) ++end;
    size_t k = i;
    std::pair<size_t, size_t> names[2];
    for (auto& nm : names) {
      const size_t from = k;
      while (k < end && t_[k].word && !t_[k].digit && t_[k].cap) ++k;
      if (k == from || k >= end || !t_[k].digit) return 0;
      nm = {from, k - 1};
      ++k;
    }
    for (; k < end; ++k)
      if (t_[k].word && !t_[k].digit) return 0;
    for (auto [a, b] : names) {
      Candidate c;
      c.first = uint32_t(a);
      c.last = uint32_t(b);
      c.type = EntityType::kOrganization;
      c.strength = kMedium;
      c.key = KeyOf(c.first, c.last);
      c_.push_back(std::move(c));
    }
    return end;
  }

  // In an ALL-CAPS or Title Case line, capitalization says nothing: only names known from the gazetteer
  // (countries, places) or from the article's body are taken.
  size_t KnownNamesInCapsLine(size_t i) {
    if (!t_[i].word || t_[i].digit) return i + 1;
    // Longest match of up to 5 tokens.
    std::string key;
    for (size_t n = std::min<size_t>(5, t_.size() - i); n >= 1; --n) {
      bool ok = true;
      for (size_t k = i + 1; k < i + n; ++k)
        if (!t_[k].word || !Adjacent(k - 1, k) || t_[k].line_mode == 0) { ok = false; break; }
      if (!ok) continue;
      key.clear();
      for (size_t k = i; k < i + n; ++k) {
        if (k > i) key += ' ';
        key += t_[k].fold;
      }
      if (n == 1 && (IsStopWord(key) || key.size() < 2)) break;
      EntityType type = EntityType::kOther;
      uint8_t strength = kWeak;
      bool found = false;
      if (known_) {
        auto it = known_->find(key);
        if (it != known_->end()) { type = it->second.first; strength = kStrong; found = true; }
      }
      if (!found) {
        const Gazetteer::Info* info = g_.FindFolded(key);
        const uint16_t f = info ? info->flags : 0;
        const bool word = f & kGWord;
        if ((f & kGCountry) && !(word && key.size() <= 2)) { type = EntityType::kPlace; strength = kStrong; found = true; }  // not "US" in "TELL US"
        else if ((f & kGPlace) && !word && (n > 1 || key.size() > 3)) { type = EntityType::kPlace; strength = kMedium; found = true; }
        else if ((f & kGLang) && !word) { type = EntityType::kOther; strength = kMedium; found = true; }
      }
      // A dateline: "AL-AIN , United Arab Emirates".
      if (!found && n == 1 && t_[i].line_start && i + 2 < t_.size() && t_[i + 1].punct == ',' && t_[i].cap) {
        const Gazetteer::Info* next = g_.FindFolded(t_[i + 2].fold);
        std::string two = t_[i + 2].fold;
        for (size_t k = i + 3; k < t_.size() && k < i + 6 && t_[k].word && !t_[k].digit; ++k) {
          two += ' ';
          two += t_[k].fold;
          if (const Gazetteer::Info* longer = g_.FindFolded(two)) next = longer;
        }
        if (next && (next->flags & kGCountry)) { type = EntityType::kPlace; strength = kMedium; found = true; }
      }
      if (found) {
        Candidate c;
        c.first = uint32_t(i);
        c.last = uint32_t(i + n - 1);
        c.type = type;
        c.strength = strength;
        c.key = key;
        c_.push_back(std::move(c));
        return i + n;
      }
    }
    return i + 1;
  }

  std::string KeyOf(uint32_t a, uint32_t b) const {
    std::string k;
    for (uint32_t i = a; i <= b; ++i) {
      if (i > a) k += ' ';
      k += t_[i].fold;
    }
    return k;
  }

  // Splits a run at titles ("Treasury Secretary James Baker") and weak connectors, then types each piece.
  void Segment(uint32_t a, uint32_t b, bool titles = true) {
    // Month and weekday names end a name ("New York Dec", "Friday Ford Motor Co").
    for (uint32_t i = a; i <= b; ++i) {
      if (!IsMonthOrDay(i)) continue;
      if (i > a) Segment(a, i - 1, titles);
      if (i < b) Segment(i + 1, b, titles);
      return;
    }
    if (titles) {
      // The last title word that a name follows: what comes after it is a person, what comes before it
      // describes them ("Deputy Emergency Situations Minister Alexander Chupriyan").
      for (uint32_t i = b; i-- > a;) {
        if (!IsTitleAt(i)) continue;
        uint32_t next = i + 1;
        if (((ClsOf(t_[next]) & kWConnector) != 0) && !t_[next].cap) {
          // "Secretary of State George Shultz": a short title phrase, then a first name.
          uint32_t j = next + 1;
          while (j <= b && j <= next + 4 && !(t_[j].flags & kGFirst)) ++j;
          if (j > b || j == b || j == next + 1 || j > next + 4) continue;
          next = j;
        }
        if (IsTitleAt(next)) continue;
        uint32_t s = i;
        while (s > a && IsTitleAt(s - 1)) --s;
        if (s > a) Segment(a, PrevWord(s, a), false);
        uint32_t end = next;
        while (end + 1 <= b && !(((ClsOf(t_[end + 1]) & kWConnector) != 0) && !t_[end + 1].cap)) ++end;
        if (((ClsOf(t_[end]) & kWOrgSuffix) != 0) && !((ClsOf(t_[end]) & kWPlaceSuffix) != 0)) break;  // "General Motors Corp"
        Classify(next, end, true);
        if (end < b) {
          uint32_t rest = end + 1;
          while (rest <= b && ((ClsOf(t_[rest]) & kWConnector) != 0) && !t_[rest].cap) ++rest;
          if (rest <= b) Segment(rest, b);
        }
        return;
      }
    }
    // Title words no name follows: trailing ones are dropped ("the Melbourne Lord Mayor"), leading ones
    // with their connector ("Director of the International Cooperation Bureau"); a lone one is no name.
    while (b > a && IsTitleAt(b)) --b;
    if (b == a && IsTitleAt(a)) return;
    if (!titles)  // a description before a title: its own leading titles go ("Deputy Emergency Situations")
      while (a < b && IsTitleAt(a)) ++a;
    while (a <= b && IsTitleAt(a)) {
      uint32_t k = a + 1;
      while (k <= b && IsTitleAt(k)) ++k;
      if (k > b) return;
      if (((ClsOf(t_[k]) & kWConnector) != 0) && !t_[k].cap) {
        while (k <= b && ((ClsOf(t_[k]) & kWConnector) != 0) && !t_[k].cap) ++k;
        a = k;
      } else {
        break;
      }
    }
    if (a > b) return;
    // Connectors: keep "of"/"for" only after an organization or place head ("Bank of", "Gulf of") or when
    // the whole ends like an organization; keep "and" only inside an organization name ("Securities and
    // Exchange Commission", "Ministry of International Trade and Industry"); "&" always.
    bool org_phrase = false;
    for (uint32_t i = a + 1; i < b; ++i) {
      const std::string& f = t_[i].fold;
      if (!IsConnector(f) || t_[i].cap) continue;
      if (f == "&") continue;
      uint32_t left = PrevWord(i, a);
      bool keep;
      const bool org_end = ((ClsOf(t_[b]) & kWOrgSuffix) != 0) && !((ClsOf(t_[b]) & kWPlaceSuffix) != 0);
      if (f == "of" || f == "for" || f == "on" || f == "upon" || f == "in") {
        keep = ((ClsOf(t_[left]) & kWOrgHead) != 0) || ((ClsOf(t_[left]) & kWOrgSuffix) != 0) || ((ClsOf(t_[left]) & kWPlaceSuffix) != 0) ||
               ((ClsOf(t_[left]) & kWTitle) != 0) ||
               InList(t_[left].fold, {"gulf", "bay", "republic", "kingdom", "isle", "cape", "sea", "lake",
                                      "straits", "strait", "duke", "university", "state", "states",
                                      "emirate", "sultanate", "city", "port", "islands", "federation"});
        if (f == "in" || f == "on" || f == "upon") keep = keep && org_end;
        if (keep && (((ClsOf(t_[left]) & kWOrgHead) != 0) || ((ClsOf(t_[left]) & kWOrgSuffix) != 0))) org_phrase = true;
      } else if (f == "and") {
        // "Securities and Exchange Commission" (an ordinary word before "and"), not "Bundesbank and
        // Finance Ministry" (a name before it).
        bool only_suffixes = true;  // "Morgan Stanley and Co Inc"
        for (uint32_t k = i + 1; k <= b; ++k) only_suffixes &= ((ClsOf(t_[k]) & kWOrgSuffix) != 0);
        keep = ((org_end && i == a + 1 && (t_[left].flags & kGWord)) || org_phrase || only_suffixes) &&
               !((ClsOf(t_[i + 1]) & kWTitle) != 0);
      } else {
        keep = true;  // the, de, van, von, bin, al ... inside names
      }
      if (!keep) {
        Segment(a, left, titles);
        uint32_t next = i + 1;
        while (next <= b && ((ClsOf(t_[next]) & kWConnector) != 0) && !t_[next].cap) ++next;
        if (next <= b) Segment(next, b, titles);
        return;
      }
    }
    // Leading and trailing connectors never belong to a name.
    while (a <= b && ((ClsOf(t_[a]) & kWConnector) != 0) && !t_[a].cap) ++a;
    while (b > a && ((ClsOf(t_[b]) & kWConnector) != 0) && !t_[b].cap) --b;
    if (a > b) return;
    // A country or demonym before ordinary words is a name of its own ("U.S. Trade", "Japanese Finance").
    if (b > a && !((ClsOf(t_[b]) & kWOrgSuffix) != 0) && !((ClsOf(t_[b]) & kWPlaceSuffix) != 0) && !((ClsOf(t_[b]) & kWOtherSuffix) != 0) &&
        !g_.FindFolded(KeyOf(a, b))) {
      // The longest country or well-known place at the start ("United States" of "United States Trade").
      uint32_t e = a;
      bool found = false;
      for (uint32_t k = a; k < b && k < a + 4; ++k) {
        const Gazetteer::Info* info = g_.FindFolded(KeyOf(a, k));
        const uint16_t f = info ? info->flags : 0;
        if ((f & (kGCountry | kGLang | kGMajor)) && !(f & kGWord)) { e = k; found = true; }
      }
      bool ordinary = found;
      for (uint32_t i = e + 1; i <= b && ordinary; ++i) ordinary = (t_[i].flags & kGWord) != 0 && !(t_[i].flags & kGCountry);
      if (ordinary) {
        Classify(a, e, false);
        Segment(e + 1, b, titles);
        return;
      }
    }
    Classify(a, b, false);
  }

  // A title word right after "of"/"for" belongs to a name ("European Court of Justice").
  bool IsTitleAt(uint32_t i) const {
    if (!((ClsOf(t_[i]) & kWTitle) != 0)) return false;
    return !(i > 0 && (t_[i - 1].fold == "of" || t_[i - 1].fold == "for" || t_[i - 1].fold == "the"));
  }

  bool IsMonthOrDay(uint32_t i) const {
    if (t_[i].flags & kGMonth) return true;
    std::string_view f = t_[i].fold;
    if (!f.empty() && f.back() == '.') f.remove_suffix(1);
    return InList(f, {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"});
  }

  uint32_t PrevWord(uint32_t i, uint32_t a) const {
    uint32_t p = i - 1;
    while (p > a && ((ClsOf(t_[p]) & kWConnector) != 0) && !t_[p].cap) --p;
    return p;
  }

  void Classify(uint32_t a, uint32_t b, bool titled) {
    Candidate c;
    c.first = a;
    c.last = b;
    c.key = KeyOf(a, b);
    c.person_title = titled;
    const size_t n = b - a + 1;
    int score[4] = {0, 0, 0, 0};
    int strong[4] = {0, 0, 0, 0};
    auto vote = [&](EntityType t, int s, bool is_strong) {
      score[int(t)] += s;
      if (is_strong) strong[int(t)] = 1;
    };
    const Gazetteer::Info* whole = g_.FindFolded(c.key);
    const uint16_t wf = whole ? whole->flags : 0;
    const Token& first = t_[a];
    const Token& last = t_[b];
    const uint16_t ff = first.flags;
    const uint16_t lf = last.flags;
    c.acronym = n == 1 && first.allcaps;

    if (n == 1 && (wf & kGMonth)) return;                         // "Monday", "November"
    if (n == 1 && first.fold.size() == 1) return;                 // a lone initial
    if (n == 1 && first.fold.size() == 2 && first.fold[1] == '.') return;  // "E." of "E. coli"
    if (n == 1 && first.fold.find_first_of("0123456789") != std::string::npos) return;  // "COVID-19", "MD-11"
    if (n == 1 && first.allcaps && (ff & kGWord) && first.fold.size() > 3 && !(ff & (kGCountry | kGPlace)))
      return;                                                     // "LEFT", "SOCIETY": emphasis, not names
    // A table's row label: a capitalized unknown word at a line start followed by a number ("Shr 10 cts").
    if (n == 1 && first.line_start && !(wf & (kGCountry | kGPlace | kGFirst | kGSurname)) && b + 1 < t_.size() &&
        (t_[b + 1].digit || (first.short_line && !first.allcaps && !t_[b + 1].cap && !t_[b + 1].line_start)))
      return;  // ... or a word and its figures: "Shr loss 22 cts vs loss 18 cts"
    if (n <= 3 && !(wf & kGCountry) && (IsDemonym(c.key, kGCountry) || (!(wf & kGMajor) && IsDemonym(c.key)))) {
      c.type = EntityType::kOther;                                // "Melbournians", "Brazilian"
      c.strength = kStrong;
      c_.push_back(std::move(c));
      return;
    }
    if (n == 1 && ((ClsOf(first) & kWTitle) != 0)) return;
    if (titled) vote(EntityType::kPerson, 8, true);
    if (wf & kGCountry) vote(EntityType::kPlace, 7, true);
    if (((ClsOf(last) & kWOrgSuffix) != 0) && n >= 2 && !(wf & kGCountry)) vote(EntityType::kOrganization, 6, true);
    for (uint32_t k = a; k + 1 < b; ++k)  // "Bank of ...", "First National Bank of Chicago"
      if (((ClsOf(t_[k]) & kWOrgHead) != 0) && t_[k].cap && (t_[k + 1].fold == "of" || t_[k + 1].fold == "for")) {
        vote(EntityType::kOrganization, 6, true);
        break;
      }
    if (n >= 2 && (((ClsOf(last) & kWPlaceSuffix) != 0) || ((ClsOf(first) & kWStrongPlaceHead) != 0) || (((ClsOf(first) & kWPlaceHead) != 0) && (wf & kGPlace))))
      vote(EntityType::kPlace, 4, false);
    if (n >= 2 && (((ClsOf(last) & kWOtherSuffix) != 0) || ((ClsOf(first) & kWOtherHead) != 0)) && !(wf & (kGCountry | kGPlace)))
      vote(EntityType::kOther, 5, false);
    if ((wf & kGPlace) && !(wf & kGCountry)) {
      // Many small places carry a person's name ("Howard", "Wayne"): one such word is only a hint.
      const bool named = n == 1 && (wf & (kGFirst | kGSurname));
      const bool ambiguous = (wf & kGWord) || (named && !(wf & kGMajor));
      vote(EntityType::kPlace, ambiguous ? 2 : (n > 1 ? 5 : 4), !ambiguous && !named);
    }
    if ((wf & kGLang) && !(wf & (kGCountry))) vote(EntityType::kOther, 6, true);
    if (n >= 2 && n <= 4) {
      const bool first_name = (ff & kGFirst) && !(ff & kGCountry) && !((ff & kGMajor) && !(lf & kGSurname));
      const bool surname = (lf & kGSurname) && !(lf & (kGCountry));
      bool pinyin = (ff & kGSurname) && IsPinyinWord(last.fold) && n == 2;
      bool initials = false;
      for (uint32_t i = a; i < b; ++i)
        if (t_[i].fold.size() == 2 && t_[i].fold[1] == '.' && t_[i].cap) initials = true;
      int ordinary = 0;
      for (uint32_t i = a; i <= b; ++i) ordinary += (t_[i].flags & kGWord) != 0;
      if (first_name && surname) vote(EntityType::kPerson, 5, false);
      else if (first_name && ordinary < int(n)) vote(EntityType::kPerson, 4, ordinary == 0);
      else if (surname && ordinary == 0) vote(EntityType::kPerson, 3, false);
      if (pinyin) vote(EntityType::kPerson, 5, true);
      if (initials && (surname || first_name || ordinary < int(n))) vote(EntityType::kPerson, 3, false);
      int places = 0;
      for (uint32_t i = a; i <= b; ++i) places += (t_[i].flags & (kGCountry | kGMajor)) != 0;
      if (places == int(n)) vote(EntityType::kPlace, 3, false);  // "Melbourne Australia"
      if (ordinary == 0 && places == 0 && !(wf & (kGPlace | kGCountry))) vote(EntityType::kPerson, 1, false);
      if (ordinary > 0 && !(first_name || surname)) vote(EntityType::kOrganization, 1, false);
    }
    if (n > 4) vote(EntityType::kOrganization, 1, false);
    if (c.acronym && !(wf & kGCountry)) vote(EntityType::kOrganization, 3, !(wf & kGPlace));
    if (n == 1 && !c.acronym) {
      if (ff & kGSurname) vote(EntityType::kPerson, 1, false);
      if ((ff & kGFirst) && !(ff & kGWord)) vote(EntityType::kPerson, 1, false);
    }
    // Context.
    const int prev = PrevWordIndex(a);
    if (prev >= 0) {
      const std::string& p = t_[size_t(prev)].fold;
      if (IsPlacePreposition(p) && !titled) vote(EntityType::kPlace, p == "to" || p == "between" ? 1 : 2, false);
      if (p == "mr" || p == "mr." || p == "mrs." || p == "ms.") vote(EntityType::kPerson, 8, true);
    }
    const int next = NextIndex(b);
    if (next >= 0) {
      const Token& nt = t_[size_t(next)];
      if (nt.punct == ',' && size_t(next) + 1 < t_.size()) {
        const Token& n2 = t_[size_t(next) + 1];
        const uint16_t f2 = n2.flags;
        if (n2.cap && (f2 & (kGCountry | kGPlace)) && !(f2 & kGWord) && (wf & kGPlace || n == 1))
          vote(EntityType::kPlace, 3, false);                                    // "Wuzhen, Zhejiang"
        if (n2.fold == "who" || n2.fold == "aged") vote(EntityType::kPerson, 3, false);
        if (n2.digit && n2.fold.size() <= 2 && size_t(next) + 2 < t_.size() && t_[size_t(next) + 2].punct == ',')
          vote(EntityType::kPerson, 3, false);                                   // "Smith, 45,"
      }
      if (nt.word && ((ClsOf(nt) & kWSpeech) != 0) && n >= 2 && n <= 3) vote(EntityType::kPerson, 1, false);
    }
    if (last.possessive && n == 1 && !c.acronym && !(wf & (kGCountry | kGPlace))) vote(EntityType::kOrganization, 1, false);

    int best = -1, best_score = 0;
    for (int t = 0; t < 4; ++t)
      if (score[t] > best_score || (score[t] == best_score && best >= 0 && strong[t] > strong[best])) { best = t; best_score = score[t]; }
    if (best < 0) {
      // No evidence at all: an ordinary capitalized word is no name; an unknown one is kept, weakly.
      if (n == 1 && (ff & kGWord)) return;
      if (n == 1 && first.allcaps && first.fold.size() <= 1) return;
      bool all_ordinary = true;
      for (uint32_t i = a; i <= b; ++i) all_ordinary &= (t_[i].flags & kGWord) != 0;
      if (all_ordinary && n <= 3) { c.type = EntityType::kOther; c.strength = kWeak; c_.push_back(std::move(c)); return; }
      c.type = EntityType::kOrganization;
      c.strength = kWeak;
      c_.push_back(std::move(c));
      return;
    }
    c.type = EntityType(best);
    c.strength = strong[best] ? kStrong : (best_score >= 3 ? kMedium : kWeak);
    if (n == 1 && (ff & kGWord) && c.strength == kWeak && !c.acronym) {
      // An ordinary word ("Internet", "Curtain") with only weak evidence stays a candidate only when
      // the article uses it as a name elsewhere.
      c.drop = true;
    }
    c_.push_back(std::move(c));
  }

  int PrevWordIndex(uint32_t a) const {
    if (a == 0) return -1;
    const Token& p = t_[a - 1];
    if (!p.word) return -1;
    return int(a - 1);
  }
  int NextIndex(uint32_t b) const { return b + 1 < t_.size() ? int(b + 1) : -1; }

  // "Brazilian", "Melbournians", "Japanese", "Israeli": a place's name with a demonym ending.
  bool IsDemonym(std::string_view w, uint16_t base_flags = kGCountry | kGPlace) const {
    if (g_.FlagsFolded(w) & kGLang) return true;
    static const std::string_view kEnds[] = {"ians", "ian", "eans", "ean", "ans", "an", "ese", "ites", "ite",
                                             "is", "i", "ers", "er", "ns", "ish", "ic"};
    static const std::string_view kAdd[] = {"", "e", "a", "ia", "y", "o", "s", "es"};
    std::string base;
    for (std::string_view end : kEnds) {
      if (w.size() < end.size() + 3 || w.substr(w.size() - end.size()) != end) continue;
      for (std::string_view add : kAdd) {
        base.assign(w.substr(0, w.size() - end.size()));
        base += add;
        const uint16_t f = g_.FlagsFolded(base);
        if ((f & base_flags) && !(f & kGWord) && base.size() >= 4) return true;
      }
    }
    return false;
  }

  bool IsPinyinWord(std::string_view w) const {
    // One to three pinyin syllables: "xiaoxia", "wen", "jinping".
    if (w.size() < 2 || w.size() > 14) return false;
    std::vector<char> ok(w.size() + 1, 0);
    ok[0] = 1;
    for (size_t i = 0; i < w.size(); ++i) {
      if (!ok[i]) continue;
      for (size_t l = 1; l <= 6 && i + l <= w.size(); ++l) {
        const Gazetteer::Info* info = g_.FindFolded(w.substr(i, l));
        if (info && (info->flags & kGPinyin)) ok[i + l] = 1;
      }
    }
    if (!ok[w.size()]) return false;
    // Plain English words that happen to spell pinyin ("she", "man", "pang") are left out.
    return !(g_.Flags(w) & kGWord) || w.size() >= 7;
  }

  const Gazetteer& g_;
  std::string_view s_;
  std::vector<Token> t_;
  std::vector<Candidate> c_;
  const std::unordered_map<std::string, std::pair<EntityType, uint8_t>>* known_ = nullptr;
};

}  // namespace

// [SECTION] Chinese names --------------------------------------------------------------------------------

namespace {

struct HanMention {
  uint32_t b, e;
  EntityType type;
  uint8_t strength;
};

bool IsHan(char32_t cp) { return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF); }

// Chinese names in Han runs. Without word boundaries the rules lean on cues: a title before a person's
// name or a speech verb after it, an organization's suffix, and the gazetteer's place names. Every name
// found is then marked wherever else it occurs in the field.
void ChineseNames(const Gazetteer& g, std::string_view s, std::vector<HanMention>* out) {
  static const char* kOrgSuffixes[] = {"有限公司", "公司", "集团", "大学", "学院", "委员会", "组委会", "研究院", "研究所",
                                       "实验室", "银行", "协会", "联合会", "基金会", "交易所", "电视台", "通讯社", "新闻社",
                                       "报社", "秘书处", "办公室", "管理局", "总局", "中心", "医院", "法院", "检察院",
                                       "政府", "联盟", "日报", "时报", "网信办", "科学院", "部", "局", "党"};
  static const char* kPersonBefore[] = {"主席", "总统", "总理", "部长", "院士", "教授", "记者", "局长", "市长", "省长",
                                        "书记", "董事长", "总裁", "主任", "秘书长", "大使", "发言人", "经理", "首相",
                                        "国务卿", "博士", "创始人", "委员", "司长", "校长", "院长", "总监", "首席执行官"};
  static const char* kPersonAfter[] = {"说", "表示", "指出", "称", "认为", "介绍", "强调", "透露", "先生", "女士",
                                       "教授", "院士", "博士", "表明", "宣布", "提出",
                                       "谈到", "创办", "创立", "出任", "担任", "当选", "曾", "等人", "回忆"};
  // Characters and words that cannot be inside a name: they end an organization's name on its left.
  static const std::string_view kStops = "的在和与及由是了从对向为将被把于也都并又而或即等该原令以曾其此这那各每首已获、，。；：？！“”‘’《》（）()";
  static const char* kVerbs[] = {"连接", "得到", "获得", "加入", "出任", "签署", "成立", "设立", "发布", "宣布", "举办",
                                 "主办", "承办", "来自", "位于", "通过", "包括", "以及", "担任", "创办", "创立", "收购",
                                 "投资", "合作", "访问", "前往", "进入", "属于", "隶属", "推出", "表示", "认为", "指出",
                                 "今年", "去年", "目前", "当时", "竞相", "布局", "写入", "建立", "组建"};
  std::vector<uint32_t> off;  // byte offset of each character of the current run, plus its end
  auto flush = [&]() {
    const size_t n = off.size();
    if (n < 2) { off.clear(); return; }
    off.push_back(off.back() + 3);  // Han characters and the CJK punctuation kept in runs are 3 bytes
    std::vector<uint8_t> taken(n, 0);
    auto text = [&](size_t a, size_t b) { return s.substr(off[a], off[b] - off[a]); };
    auto starts_with = [&](size_t a, std::string_view w) { return s.substr(off[a]).substr(0, w.size()) == w; };
    auto stop = [&](size_t k) { return kStops.find(text(k, k + 1)) != std::string_view::npos; };
    auto verb_ends_at = [&](size_t k) {  // a verb occupies [k-2, k)
      if (k < 2) return false;
      for (const char* v : kVerbs)
        if (text(k - 2, k) == v) return true;
      return false;
    };
    auto mark = [&](size_t a, size_t b, EntityType t, uint8_t strength) {
      for (size_t x = a; x < b; ++x) taken[x] = 1;
      out->push_back({off[a], off[b], t, strength});
    };
    auto free = [&](size_t a, size_t b) {
      for (size_t x = a; x < b; ++x)
        if (taken[x]) return false;
      return true;
    };
    // Organizations: a suffix, and the name before it back to a stop or a verb (2 to 12 characters).
    for (size_t k = 2; k < n; ++k) {
      for (const char* suf : kOrgSuffixes) {
        if (!starts_with(k, suf)) continue;
        const size_t len = std::strlen(suf) / 3;
        if (len == 1 && (text(k - 1, k) == "总" || text(k - 1, k) == "全" || text(k - 1, k) == "本" ||
                         text(k - 1, k) == "内" || text(k - 1, k) == "外"))
          break;  // 总部 (headquarters), 全部, 本部, 内部
        size_t a = k;
        while (a > 0 && k - a < 12 && !stop(a - 1) && !verb_ends_at(a)) --a;
        // The longest name: "中国科学院" + "计算机网络信息中心" is one organization.
        size_t e = k + len;
        for (bool grew = true; grew;) {
          grew = false;
          for (size_t j = e; j < n && j < e + 10 && !stop(j) && !verb_ends_at(j); ++j)
            for (const char* suf2 : kOrgSuffixes)
              if (std::strlen(suf2) > 3 && starts_with(j, suf2)) {
                e = j + std::strlen(suf2) / 3;
                grew = true;
                break;
              }
        }
        if (k - a >= 2 && free(a, e)) mark(a, e, EntityType::kOrganization, kMedium);
        k = e - 1;
        break;
      }
    }
    // People: surname (one or two characters) + one or two characters, next to a title or a cue.
    for (size_t k = 0; k + 1 < n; ++k) {
      if (taken[k]) continue;
      size_t slen = 0;
      if (k + 2 < n) {
        const Gazetteer::Info* two = g.FindFolded(text(k, k + 2));
        if (two && (two->flags & kGZhSurname)) slen = 2;
      }
      if (!slen) {
        const Gazetteer::Info* one = g.FindFolded(text(k, k + 1));
        if (one && (one->flags & kGZhSurname)) slen = 1;
      }
      if (!slen) continue;
      bool before = false;
      for (const char* t : kPersonBefore) {
        const size_t len = std::strlen(t) / 3;
        if (k >= len && text(k - len, k) == t) before = true;
      }
      auto cue_at = [&](size_t e) {
        if (e >= n) return false;
        for (const char* t : kPersonAfter)
          if (starts_with(e, t)) return true;
        return false;
      };
      size_t end = 0;
      for (size_t glen = 2; glen >= 1 && !end; --glen) {
        const size_t e = k + slen + glen;
        if (e > n || !free(k, e)) continue;
        bool inside_stop = false;
        for (size_t x = k + slen; x < e; ++x) inside_stop |= stop(x);
        if (inside_stop) continue;
        if (cue_at(e) || (before && (e >= n || stop(e)))) end = e;
      }
      if (!end && before && k + slen + 2 <= n && free(k, k + slen + 2)) end = k + slen + 2;
      if (end) {
        mark(k, end, EntityType::kPerson, kMedium);
        k = end - 1;
      }
    }
    // Places: longest gazetteer match (2 to 8 characters).
    for (size_t k = 0; k + 1 < n; ++k) {
      if (taken[k]) continue;
      for (size_t len = std::min<size_t>(8, n - k); len >= 2; --len) {
        if (!free(k, k + len)) continue;
        const Gazetteer::Info* info = g.FindFolded(text(k, k + len));
        if (info && (info->flags & (kGCountry | kGPlace))) {
          mark(k, k + len, EntityType::kPlace, (info->flags & kGCountry) ? kStrong : kMedium);
          k += len - 1;
          break;
        }
      }
    }
    off.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp;
    int len = DecodeUtf8(s, i, &cp);
    if (len == 0) { flush(); ++i; continue; }
    if (IsHan(cp) || (!off.empty() && len == 3 && (cp == 0x3001 || cp == 0xFF0C || cp == 0x201C || cp == 0x201D))) {
      off.push_back(uint32_t(i));  // punctuation stays in the run as a stop
    } else {
      flush();
    }
    i += size_t(len);
  }
  flush();
  // A name found once is a name wherever it occurs ("马云" named next to a cue, then alone).
  std::vector<HanMention> found = *out;
  std::sort(found.begin(), found.end(), [](const HanMention& x, const HanMention& y) { return x.e - x.b > y.e - y.b; });
  std::vector<std::pair<uint32_t, uint32_t>> covered;
  for (const HanMention& h : *out) covered.push_back({h.b, h.e});
  std::vector<std::string_view> seen;
  for (const HanMention& h : found) {
    const std::string_view name = s.substr(h.b, h.e - h.b);
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    for (size_t p = s.find(name); p != std::string_view::npos; p = s.find(name, p + 1)) {
      const uint32_t b = uint32_t(p), e = uint32_t(p + name.size());
      bool overlap = false;
      for (auto [cb, ce] : covered) overlap |= b < ce && cb < e;
      if (overlap) continue;
      covered.push_back({b, e});
      out->push_back({b, e, h.type, h.strength});
    }
  }
  std::sort(out->begin(), out->end(), [](const HanMention& x, const HanMention& y) { return x.b < y.b; });
}

}  // namespace

// [SECTION] Consistency ----------------------------------------------------------------------------------

EntityExtractor::EntityExtractor() : gaz_(std::make_unique<Gazetteer>()) {}
EntityExtractor::~EntityExtractor() = default;

std::string EntityExtractor::Canonical(std::string_view name) const {
  std::string s;
  bool space = false;
  for (char c : name) {
    if (c == ' ' || c == '\n' || c == '\t') { space = !s.empty(); continue; }
    if (space) s += ' ';
    space = false;
    s += c;
  }
  if (s.size() > 4 && (s.compare(0, 4, "the ") == 0 || s.compare(0, 4, "The ") == 0)) s.erase(0, 4);
  if (s.size() > 2 && (s.compare(s.size() - 2, 2, "'s") == 0)) s.resize(s.size() - 2);
  if (s.size() > 4 && s.compare(s.size() - 4, 4, "\xE2\x80\x99s") == 0) s.resize(s.size() - 4);
  const Gazetteer::Info* info = gaz_->Find(s);
  if (info && (info->flags & kGCountry) && !info->canonical.empty()) return std::string(info->canonical);
  return s;
}

std::string EntityExtractor::CountryOf(std::string_view place) const {
  const Gazetteer::Info* info = gaz_->Find(place);
  if (!info || !info->country[0]) return "";
  return std::string(info->country, 2);
}

namespace {

// Title-cases an ALL-CAPS surface for display when nothing better is known ("BAHIA" -> "Bahia").
std::string Recase(std::string_view s) {
  std::string out(s);
  bool start = true;
  for (char& c : out) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalpha(u)) {
      c = start ? char(std::toupper(u)) : char(std::tolower(u));
      start = false;
    } else {
      start = c == ' ' || c == '-';
    }
  }
  return out;
}

struct Span {
  uint32_t b, e;
  bool in_title;
  EntityType type;
  uint8_t strength;
  bool drop;
  bool acronym;
  bool allcaps_line;
  std::string key;      // folded
  std::string surface;  // as written (possessive removed)
};

}  // namespace

ArticleMentions EntityExtractor::Extract(const Article& a) const {
  std::vector<Span> spans;
  std::unordered_map<std::string, std::pair<EntityType, uint8_t>> known;
  auto collect = [&](std::string_view field, bool in_title) {
    const size_t first_span = spans.size();
    LatinPass pass(*gaz_, field);
    std::vector<Candidate> cands = pass.Run(&known);
    const std::vector<Token>& t = pass.tokens();
    size_t last_word = t.size();
    while (last_word > 0 && !t[last_word - 1].word) --last_word;
    for (Candidate& c : cands) {
      // A lone capitalized word closing the text with nothing known about it is a sign-off ("REUTER").
      if (!in_title && c.first == c.last && c.last + 1 == last_word && t[c.last].allcaps &&
          (c.strength == kWeak || (c.last > 0 && !t[c.last - 1].word)) && !(t[c.last].flags & (kGCountry | kGPlace)))
        continue;
      Span sp;
      sp.b = t[c.first].b;
      sp.e = t[c.last].e;
      // "Salomon Brothers Inc." ending a sentence: the stop is the sentence's.
      if (sp.e > sp.b + 1 && field[sp.e - 1] == '.') {
        std::string_view f = t[c.last].fold;
        f.remove_suffix(1);
        size_t k = sp.e;
        while (k < field.size() && field[k] == ' ') ++k;
        const bool end = k >= field.size() || field[k] == '\n' || (k > sp.e && std::isupper(static_cast<unsigned char>(field[k])));
        if (end && InList(f, {"inc", "corp", "co", "ltd", "cos", "bros", "jr", "sr"})) --sp.e;
      }
      sp.in_title = in_title;
      sp.type = c.type;
      sp.strength = c.strength;
      sp.drop = c.drop;
      sp.acronym = c.acronym;
      sp.allcaps_line = t[c.first].line_mode != 0;
      sp.key = c.key;
      sp.surface = std::string(field.substr(sp.b, sp.e - sp.b));
      spans.push_back(std::move(sp));
    }
    if (ContainsCjk(field)) {
      std::vector<HanMention> han;
      ChineseNames(*gaz_, field, &han);
      for (const HanMention& h : han) {
        Span sp{h.b, h.e, in_title, h.type, h.strength, false, false, false, {}, {}};
        sp.surface = std::string(field.substr(h.b, h.e - h.b));
        sp.key = sp.surface;
        spans.push_back(std::move(sp));
      }
    }
    // Latin and Chinese names in reading order (the reader and --mentions rely on it).
    std::stable_sort(spans.begin() + long(first_span), spans.end(), [](const Span& x, const Span& y) { return x.b < y.b; });
  };
  // The body first: its names are the dictionary for an ALL-CAPS or Title Case headline.
  collect(a.text, false);
  for (const Span& s : spans)
    if (!s.drop && s.strength >= kMedium) {
      auto& k = known[s.key];
      if (s.strength >= k.second) k = {s.type, s.strength};
    }
  // Person names also make their parts known ("Qi" after "Qi Xiaoxia").
  for (const Span& s : spans) {
    if (s.drop || s.type != EntityType::kPerson || s.key.find(' ') == std::string::npos) continue;
    const std::string last = s.key.substr(s.key.rfind(' ') + 1);
    if (!known.count(last)) known[last] = {EntityType::kPerson, kMedium};
  }
  const size_t body_spans = spans.size();
  collect(a.title, true);
  // Title spans first in reading order.
  std::rotate(spans.begin(), spans.begin() + long(body_spans), spans.end());

  // One article, one type per name: the strongest evidence wins; parts of people's names are people;
  // an organization's initials ("WIC") or its distinctive first word ("Tencent") are that organization.
  std::unordered_map<std::string, std::array<int, 4>> type_score;
  for (const Span& s : spans) {
    if (s.drop) continue;
    type_score[s.key][int(s.type)] += 1 + 4 * s.strength;
  }
  // Full names of people and organizations, by their parts.
  std::unordered_map<std::string, std::string> person_part;   // "qi" -> "Qi Xiaoxia"
  std::unordered_map<std::string, std::string> org_part;      // "tencent" -> "Tencent Holdings", "wic" -> ...
  auto best_type = [&](const std::string& key, EntityType fallback) {
    auto it = type_score.find(key);
    if (it == type_score.end()) return fallback;
    int best = int(fallback), score = -1;
    for (int t = 0; t < 4; ++t)
      if (it->second[t] > score) { score = it->second[t]; best = t; }
    return EntityType(best);
  };
  for (const Span& s : spans) {
    if (s.drop || s.allcaps_line) continue;
    const EntityType t = best_type(s.key, s.type);
    if (t == EntityType::kPerson && s.key.find(' ') != std::string::npos) {
      std::string name = Canonical(s.surface);
      size_t sp = s.key.rfind(' ');
      person_part.emplace(s.key.substr(sp + 1), name);
      const std::string first = s.key.substr(0, s.key.find(' '));
      const uint16_t ff = gaz_->FlagsFolded(first);
      if ((ff & kGFirst) && !(ff & kGWord)) person_part.emplace(first, name);
    }
    if (t == EntityType::kOrganization && s.key.find(' ') != std::string::npos) {
      std::string name = Canonical(s.surface);
      std::string initials;
      size_t p = 0;
      while (p < s.key.size()) {
        size_t q = s.key.find(' ', p);
        if (q == std::string::npos) q = s.key.size();
        std::string_view w = std::string_view(s.key).substr(p, q - p);
        if (!IsConnector(w) && !w.empty()) initials += w[0];
        p = q + 1;
      }
      if (initials.size() >= 2) org_part.emplace(initials, name);
      const std::string head = s.key.substr(0, s.key.find(' '));
      if (!(gaz_->Flags(head) & kGWord)) org_part.emplace(head, name);
    }
  }

  ArticleMentions out;
  for (Span& s : spans) {
    EntityType type = best_type(s.key, s.type);
    std::string name = Canonical(s.surface);
    bool rescued = false;
    if (s.key.find(' ') == std::string::npos) {
      if (auto it = person_part.find(s.key); it != person_part.end() && !s.acronym &&
                                             (type != EntityType::kPlace ||
                                              !(gaz_->FlagsFolded(s.key) & kGCountry))) {
        type = EntityType::kPerson;
        name = it->second;
        rescued = true;
      } else if (auto jt = org_part.find(s.key);
                 jt != org_part.end() && (type == EntityType::kOrganization || s.strength == kWeak || s.acronym) &&
                 !(gaz_->FlagsFolded(s.key) & (kGCountry | kGPlace))) {
        type = EntityType::kOrganization;
        name = jt->second;
        rescued = true;
      }
    }
    if (s.drop && !rescued) {
      // An ordinary word is kept only when the article also uses it as a name with better evidence.
      auto it = type_score.find(s.key);
      if (it == type_score.end()) continue;
      int total = 0;
      for (int v : it->second) total += v;
      if (total <= 1) continue;
    }
    if (s.allcaps_line) {
      // Headline words take the body's spelling when the body names the same thing.
      bool from_body = false;
      for (const Span& o : spans)
        if (!o.allcaps_line && o.key == s.key) { name = Canonical(o.surface); from_body = true; break; }
      // Otherwise an ALL-CAPS headline's word is shown in title case ("BAHIA" -> "Bahia").
      if (!from_body && !s.surface.empty() && s.surface.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos &&
          !(gaz_->Find(s.surface) && (gaz_->Find(s.surface)->flags & kGCountry)))
        name = Recase(name);
    }
    Mention m;
    m.start = s.b;
    m.end = s.e;
    m.in_title = s.in_title;
    m.type = type;
    m.name = std::move(name);
    m.strength = rescued ? uint8_t(kStrong) : s.strength;
    out.mentions.push_back(std::move(m));
  }
  return out;
}

void EntityExtractor::Harmonize(std::vector<ArticleMentions>* all) const {
  // Per folded name: the sum of medium and strong evidence per type across the corpus.
  std::unordered_map<std::string, std::array<int, 4>> score;
  for (const ArticleMentions& am : *all)
    for (const Mention& m : am.mentions)
      if (m.strength >= kMedium) score[FoldName(m.name)][int(m.type)] += m.strength;
  for (ArticleMentions& am : *all)
    for (Mention& m : am.mentions) {
      if (m.strength >= kStrong) continue;
      auto it = score.find(FoldName(m.name));
      if (it == score.end()) continue;
      int best = -1, best_score = 0, total = 0;
      for (int t = 0; t < 4; ++t) {
        total += it->second[t];
        if (it->second[t] > best_score) { best = t; best_score = it->second[t]; }
      }
      if (best >= 0 && best_score * 3 >= total * 2) m.type = EntityType(best);
    }
}

}  // namespace lede
