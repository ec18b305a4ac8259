// entities.h: named entities: people, organizations, places (and other names) found in the articles,
// merged with the entities a corpus supplies, resolved to one entry per real thing, and corrected by the
// journalist. No UI. Depends on corpus.h and the generated gazetteer (scripts/gazetteer.py).
//
//   EntityExtractor ex;                                   // loads the gazetteer once (~20 ms)
//   ArticleMentions m = ex.Extract(article);              // spans with types, byte offsets into title/text
//   EntityTable table; table.Build(corpus, all_mentions, EntitySource::kBoth, corrections);
//   table.entities[id]  table.Find("US") (alias of "United States")  table.Cooccurring(id, 10)
//
// Extraction is rule-based and runs in the browser: capitalization and sentence position, honorifics and
// titles, organization and place cue words, gazetteers built at build time from Debian package data
// (CLDR, iso-codes, tzdata, geonames, Faker's name lists, SCOWL), ALL-CAPS headlines, possessives,
// coordination, and per-article then per-corpus consistency. Chinese: places from the gazetteer,
// people as surname + given name next to a cue, organizations by their suffix.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/corpus.h"

namespace lede {

// "person" | "organization" | "place" | "other"; false when s is none of them (also accepts "org", "loc",
// "location", "per", "misc").
bool ParseEntityType(std::string_view s, EntityType* out);

struct Mention {
  uint32_t start = 0, end = 0;  // byte range in the field
  bool in_title = false;        // field: title (true) or text (false)
  EntityType type = EntityType::kOther;
  std::string name;             // canonical name within the article ("Qi Xiaoxia" for a later "Qi")
  uint8_t strength = 0;         // evidence behind the type: 0 weak, 1 medium, 2 strong
};

struct ArticleMentions {
  std::vector<Mention> mentions;  // in reading order: title first, then text
};

class Gazetteer;

class EntityExtractor {
 public:
  EntityExtractor();   // parses the built-in gazetteer
  ~EntityExtractor();
  EntityExtractor(const EntityExtractor&) = delete;
  EntityExtractor& operator=(const EntityExtractor&) = delete;

  // Mentions in one article, typed by the article's own evidence. Thread-compatible (const).
  ArticleMentions Extract(const Article& a) const;

  // Second pass over a whole corpus: mentions whose type rested on weak evidence take the type their
  // name has in the rest of the corpus ("Tencent" typed by "Tencent Holdings" elsewhere).
  void Harmonize(std::vector<ArticleMentions>* all) const;

  // The canonical form of a name: country aliases ("U.S.", "US", "USA" -> "United States"), possessives
  // and a leading "the" removed, whitespace collapsed. Case is kept.
  std::string Canonical(std::string_view name) const;

  // ISO 3166 alpha-2 code of the country a place name belongs to ("Zhejiang" -> "CN"), "" if unknown.
  std::string CountryOf(std::string_view place) const;

  const Gazetteer& gazetteer() const { return *gaz_; }

 private:
  std::unique_ptr<Gazetteer> gaz_;
};

// Which entities the table holds: the corpus's own labels, extracted ones, or both merged.
enum class EntitySource : uint8_t { kBoth, kSupplied, kExtracted };
const char* EntitySourceName(EntitySource s);             // "both", "supplied", "extracted"
bool ParseEntitySource(std::string_view s, EntitySource* out);

// The journalist's corrections, replayed in order on every build. Names are matched without regard to
// case. Stored as JSON (see ParseCorrections / FormatCorrections):
//   {"lede_entity_corrections": 1, "ops": [{"op": "merge", "name": "Qi", "into": "Qi Xiaoxia"},
//     {"op": "rename", "name": "WIC", "to": "World Internet Conference"},
//     {"op": "type", "name": "Wuzhen", "type": "place"}, {"op": "hide", "name": "Internet"},
//     {"op": "show", "name": "Internet"}]}
struct Correction {
  enum class Op : uint8_t { kMerge, kRename, kType, kHide, kShow } op = Op::kHide;
  std::string name;
  std::string target;                 // merge: into; rename: to
  EntityType type = EntityType::kOther;
};
struct Corrections {
  std::vector<Correction> ops;
};
// Returns false with *error naming what and where ("ops[2]: \"into\" is missing") when the text is not a
// corrections file; unusable ops are skipped with a line in *warnings.
bool ParseCorrections(std::string_view json, Corrections* out, std::string* error,
                      std::vector<std::string>* warnings = nullptr);
std::string FormatCorrections(const Corrections& c);

struct Entity {
  std::string name;                 // display name (canonical, after corrections)
  EntityType type = EntityType::kOther;
  std::vector<uint32_t> docs;       // sorted article indices
  uint32_t mentions = 0;            // text mentions (supplied labels count one per article)
  int64_t first = 0, last = 0;      // UNIX seconds of the earliest / latest dated article; 0 when none
  bool supplied = false, extracted = false;
  bool hidden = false;
  std::vector<std::string> aliases; // other surface forms seen ("US", "U.S.")
};

struct DocMention {                 // a mention resolved to the table
  uint32_t start, end;
  bool in_title;
  EntityType type;
  uint32_t entity;
};

struct Cooccurrence {
  uint32_t entity;
  uint32_t together;                // articles naming both
  double score;                     // Dunning's log-likelihood ratio (G^2), positive associations only
};

class EntityTable {
 public:
  // Builds the table. `mentions` is indexed like corpus.articles (may be empty for kSupplied).
  void Build(const Corpus& corpus, const std::vector<ArticleMentions>& mentions, EntitySource source,
             const Corrections& corrections, const EntityExtractor* extractor = nullptr);
  // Replays corrections on what the last Build prepared (same corpus, mentions and source): the quick
  // path after a journalist's edit. Returns false (and changes nothing) when there was no Build for this
  // corpus. The extractor given to Build must still exist.
  bool Recorrect(const Corpus& corpus, const Corrections& corrections);

  std::vector<Entity> entities;     // merged-away entities are removed; ids are indices here
  // Entity id for a name (display name or alias, any case), or -1.
  int Find(std::string_view name) const;
  // Mentions of entities in article d (hidden entities included; callers decide), in reading order.
  const std::vector<DocMention>& MentionsOf(uint32_t d) const { return doc_mentions_[d]; }
  // Entities named in article d (unique ids).
  std::vector<uint32_t> EntitiesOf(uint32_t d) const;
  // The same without a copy, sorted; valid until the next Build. d must be < num_docs().
  const std::vector<uint32_t>& EntityIdsOf(uint32_t d) const { return doc_entities_[d]; }
  // The k entities most associated with `id`, strongest first (hidden ones left out).
  std::vector<Cooccurrence> Cooccurring(uint32_t id, size_t k) const;
  size_t num_docs() const { return doc_mentions_.size(); }

  // What Build prepared before the corrections, as plain data: the pack (src/core/pack.cpp) stores it
  // so that an opened pack has its table with no text, no extraction and no rebuild, and Recorrect
  // keeps working. `names` is one entry per folded name; ids in doc_mentions, doc_names and parent index it.
  struct State {
    struct Name {
      std::string key;                                        // folded name
      std::vector<std::pair<std::string, int32_t>> names;     // display candidates, weights
      std::vector<std::pair<std::string, int32_t>> surfaces;  // surface forms seen, counts
      double vote[4] = {0, 0, 0, 0};                          // weight per EntityType
      uint32_t mentions = 0;
      bool supplied = false, extracted = false;
      uint32_t parent = 0;                                    // after surnames and short forms joined names
    };
    std::vector<Name> names;
    std::vector<std::vector<DocMention>> doc_mentions;        // per article; entity = index in names
    std::vector<std::vector<uint32_t>> doc_names;             // per article: indices in names, as found
  };
  // False when there was no Build (or Restore).
  bool Export(State* out) const;
  // Makes the table Build would have made (the same entities, ids and lookups), replaying corrections.
  // The corpus needs its metadata only (dates), not the text. Checks the state first (ids in range, one
  // entry per key, no cycle in parent, one list per article) and returns false with *error naming the
  // first problem, leaving the table empty. extractor: as for Build (may be null; correction names are
  // then matched without canonical forms such as "U.S." -> "United States").
  bool Restore(State state, const Corpus& corpus, const Corrections& corrections,
               const EntityExtractor* extractor, std::string* error);
  // The extractor Recorrect uses to canonicalize correction names (after Restore with none).
  void set_extractor(const EntityExtractor* extractor);

 private:
  struct Prepared;
  void Finish(const Corpus& corpus, const Corrections& corrections);
  std::shared_ptr<Prepared> prep_;
  std::vector<std::vector<DocMention>> doc_mentions_;
  std::vector<std::vector<uint32_t>> doc_entities_;
  std::vector<std::pair<std::string, uint32_t>> lookup_;  // folded name -> id, sorted
};

// Case-folds a name for matching ("U.S." and "u.s." match; whitespace collapsed).
std::string FoldName(std::string_view name);

}  // namespace lede
