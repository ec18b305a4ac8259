// entity_table.cpp: the corpus-wide entity table (see entities.h): mentions and supplied labels resolved
// to one entry per name, people's surnames attached to their full names, the journalist's corrections
// replayed, and co-occurrence ranked by Dunning's log-likelihood ratio. Corrections are read and written
// as JSON here (nlohmann, no exceptions).
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/entities.h"

namespace lede {

namespace table_detail {
// One name as seen in the corpus, before people's surnames, short forms and corrections join names.
struct Work {
  std::map<std::string, int> names;      // display candidates and how often
  std::map<std::string, int> surfaces;   // surface forms seen
  double vote[4] = {0, 0, 0, 0};
  std::vector<uint32_t> docs;
  uint32_t mentions = 0;
  bool supplied = false, extracted = false;
};
}  // namespace table_detail
using table_detail::Work;

// Everything Build computes before the corrections: kept so that a correction only replays them.
struct EntityTable::Prepared {
  std::vector<Work> work;
  std::unordered_map<std::string, uint32_t> by_key;
  std::vector<uint32_t> parent;                      // after surnames and short forms joined full names
  std::vector<std::vector<DocMention>> doc_mentions; // entity = Work index
  std::vector<std::vector<uint32_t>> doc_ents;
  const EntityExtractor* extractor = nullptr;
};

namespace {

// Corpus labels written as codes ("usa", "james-baker", "opec") shown as names ("USA", "James Baker",
// "OPEC"). Names that already have capitals or spaces are kept as they are.
std::string SuppliedDisplay(const SuppliedEntity& e) {
  const std::string& n = e.name;
  bool code = !n.empty();
  for (char c : n)
    if (std::isupper(static_cast<unsigned char>(c)) || c == ' ') code = false;
  if (!code) return n;
  const bool has_dash = n.find('-') != std::string::npos;
  if (!has_dash && n.size() <= 5 && e.type != EntityType::kPerson) {
    std::string up = n;
    for (char& c : up) c = char(std::toupper(static_cast<unsigned char>(c)));
    return up;
  }
  std::string out;
  bool start = true;
  for (char c : n) {
    if (c == '-') { out += ' '; start = true; continue; }
    out += start ? char(std::toupper(static_cast<unsigned char>(c))) : c;
    start = false;
  }
  return out;
}

// Dunning (1993), "Accurate methods for the statistics of surprise and coincidence": G^2 for a 2x2 table.
double LogLikelihood(double k11, double k12, double k21, double k22) {
  auto term = [](double k, double expected) { return k > 0 ? k * std::log(k / expected) : 0.0; };
  const double n = k11 + k12 + k21 + k22;
  const double r1 = k11 + k12, r2 = k21 + k22, c1 = k11 + k21, c2 = k12 + k22;
  return 2.0 * (term(k11, r1 * c1 / n) + term(k12, r1 * c2 / n) + term(k21, r2 * c1 / n) + term(k22, r2 * c2 / n));
}

}  // namespace

void EntityTable::Build(const Corpus& corpus, const std::vector<ArticleMentions>& mentions, EntitySource source,
                        const Corrections& corrections, const EntityExtractor* extractor) {
  const size_t ndocs = corpus.articles.size();
  prep_ = std::make_shared<Prepared>();
  prep_->extractor = extractor;
  std::vector<Work>& work = prep_->work;
  std::unordered_map<std::string, uint32_t>& by_key = prep_->by_key;
  auto entity_for = [&](const std::string& key) {
    auto it = by_key.find(key);
    if (it != by_key.end()) return it->second;
    const uint32_t id = uint32_t(work.size());
    by_key.emplace(key, id);
    work.emplace_back();
    return id;
  };
  std::vector<std::vector<DocMention>>& doc_mentions = prep_->doc_mentions;
  doc_mentions.assign(ndocs, {});
  std::vector<std::vector<uint32_t>>& doc_ents = prep_->doc_ents;
  doc_ents.assign(ndocs, {});

  if (source != EntitySource::kSupplied) {
    for (size_t d = 0; d < ndocs && d < mentions.size(); ++d) {
      const Article& a = corpus.articles[d];
      for (const Mention& m : mentions[d].mentions) {
        const std::string key = FoldName(m.name);
        if (key.empty()) continue;
        const uint32_t id = entity_for(key);
        Work& w = work[id];
        w.extracted = true;
        ++w.mentions;
        w.vote[int(m.type)] += 1 + m.strength;
        const std::string_view field = m.in_title ? std::string_view(a.title) : std::string_view(a.text);
        w.names[m.name] += 2;  // (headline capitals were already recased by the extractor)
        // (a pack's article may have no text loaded: its surface forms are then not counted)
        if (m.start <= m.end && m.end <= field.size()) ++w.surfaces[std::string(field.substr(m.start, m.end - m.start))];
        doc_mentions[d].push_back({m.start, m.end, m.in_title, m.type, id});
        doc_ents[d].push_back(id);
      }
    }
  }
  if (source != EntitySource::kExtracted) {
    for (size_t d = 0; d < ndocs; ++d)
      for (const SuppliedEntity& e : corpus.articles[d].entities) {
        const std::string display = SuppliedDisplay(e);
        const std::string canonical = extractor ? extractor->Canonical(display) : display;
        std::string key = FoldName(canonical);
        if (key.empty()) continue;
        // A person's code may be only the surname of a name the text gives in full.
        const uint32_t id = entity_for(key);
        Work& w = work[id];
        w.supplied = true;
        w.vote[int(e.type)] += 20;  // the corpus's own label outweighs extraction
        w.names[canonical] += 3;
        if (display != canonical) ++w.surfaces[display];
        if (!e.name.empty() && e.name != display) ++w.surfaces[e.name];
        if (std::find(doc_ents[d].begin(), doc_ents[d].end(), id) == doc_ents[d].end()) {
          doc_ents[d].push_back(id);
          ++w.mentions;
        }
      }
  }
  auto type_of = [&](const Work& w) {
    int best = int(EntityType::kOther);
    for (int t = 0; t < 4; ++t)
      if (w.vote[t] > w.vote[best]) best = t;
    return EntityType(best);
  };

  // Union-find over entity ids: surname-only people join their full name; corrections merge.
  std::vector<uint32_t>& parent = prep_->parent;
  parent.resize(work.size());
  std::iota(parent.begin(), parent.end(), 0u);
  auto root = [&](uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::string> keys(work.size());  // entity id -> its folded name
  for (auto& [k, id] : by_key) keys[id] = k;
  // The candidate that clearly dominates (two thirds of the weight), or -1.
  auto dominant = [](const std::vector<std::pair<uint32_t, int>>& candidates) {
    int total = 0, best = 0;
    uint32_t best_id = 0;
    for (auto [id, n] : candidates) {
      total += n;
      if (n > best) { best = n; best_id = id; }
    }
    return best * 3 >= total * 2 && best > 0 ? int64_t(best_id) : int64_t(-1);
  };
  {
    // Surname -> the full names ending in it, weighted by mentions.
    std::unordered_map<std::string, std::vector<std::pair<uint32_t, int>>> full;
    for (uint32_t id = 0; id < work.size(); ++id) {
      if (type_of(work[id]) != EntityType::kPerson) continue;
      const std::string& k = keys[id];
      const size_t sp = k.rfind(' ');
      if (sp == std::string::npos) continue;
      full[k.substr(sp + 1)].push_back({id, int(work[id].mentions)});
    }
    for (uint32_t id = 0; id < work.size(); ++id) {
      if (type_of(work[id]) != EntityType::kPerson || keys[id].find(' ') != std::string::npos) continue;
      auto it = full.find(keys[id]);
      if (it == full.end()) continue;
      if (const int64_t owner = dominant(it->second); owner >= 0) parent[id] = uint32_t(owner);
    }
  }

  {
    // A short form an article tied to a full name ("EC" for "European Community", "Baker" for "James
    // Baker") is that entity in the articles that use the short form alone too, when one full name
    // clearly owns it.
    std::unordered_map<std::string, std::vector<std::pair<uint32_t, int>>> owners;  // folded surface -> ids
    for (uint32_t id = 0; id < work.size(); ++id) {
      if (keys[id].find(' ') == std::string::npos) continue;
      for (auto& [surface, count] : work[id].surfaces) {
        const std::string f = FoldName(surface);
        if (f != keys[id] && f.find(' ') == std::string::npos) owners[f].push_back({id, count});
      }
    }
    for (uint32_t id = 0; id < work.size(); ++id) {
      if (parent[id] != id || keys[id].find(' ') != std::string::npos) continue;
      auto it = owners.find(keys[id]);
      if (it == owners.end()) continue;
      const int64_t owner = dominant(it->second);
      if (owner < 0) continue;
      const uint32_t best_id = uint32_t(owner);
      // ...and only when the full name is not a rarity next to the short form ("ARPANET" is not "ARPANET
      // Completes Switch", the headline that once named it).
      if (type_of(work[best_id]) == type_of(work[id]) &&
          work[best_id].mentions * 4 >= work[id].mentions)
        parent[id] = root(best_id);
    }
  }

  Finish(corpus, corrections);
}

bool EntityTable::Recorrect(const Corpus& corpus, const Corrections& corrections) {
  if (!prep_ || prep_->doc_mentions.size() != corpus.articles.size()) return false;
  Finish(corpus, corrections);
  return true;
}

bool EntityTable::Export(State* out) const {
  if (!prep_) return false;
  out->names.assign(prep_->work.size(), {});
  for (auto& [key, id] : prep_->by_key) out->names[id].key = key;
  for (size_t id = 0; id < prep_->work.size(); ++id) {
    const Work& w = prep_->work[id];
    State::Name& n = out->names[id];
    for (auto& [name, c] : w.names) n.names.push_back({name, int32_t(c)});
    for (auto& [surface, c] : w.surfaces) n.surfaces.push_back({surface, int32_t(c)});
    std::copy(std::begin(w.vote), std::end(w.vote), n.vote);
    n.mentions = w.mentions;
    n.supplied = w.supplied;
    n.extracted = w.extracted;
    n.parent = prep_->parent[id];
  }
  out->doc_mentions = prep_->doc_mentions;
  out->doc_names = prep_->doc_ents;
  return true;
}

bool EntityTable::Restore(State state, const Corpus& corpus, const Corrections& corrections,
                          const EntityExtractor* extractor, std::string* error) {
  *this = EntityTable{};
  const size_t n = state.names.size(), ndocs = corpus.articles.size();
  auto fail = [&](std::string what) {
    *error = std::move(what);
    *this = EntityTable{};
    return false;
  };
  if (state.doc_mentions.size() != ndocs || state.doc_names.size() != ndocs)
    return fail("entity state has " + std::to_string(state.doc_mentions.size()) + " mention lists and " +
                std::to_string(state.doc_names.size()) + " name lists for " + std::to_string(ndocs) + " articles");
  auto prep = std::make_shared<Prepared>();
  prep->extractor = extractor;
  prep->work.resize(n);
  prep->parent.resize(n);
  for (size_t id = 0; id < n; ++id) {
    State::Name& s = state.names[id];
    if (s.parent >= n) return fail("entity name " + std::to_string(id) + ": parent " + std::to_string(s.parent) + " out of range");
    if (!prep->by_key.emplace(s.key, uint32_t(id)).second) return fail("entity name " + std::to_string(id) + ": key \"" + s.key + "\" repeated");
    Work& w = prep->work[id];
    for (auto& [name, c] : s.names) w.names[name] += c;
    for (auto& [surface, c] : s.surfaces) w.surfaces[surface] += c;
    std::copy(std::begin(s.vote), std::end(s.vote), w.vote);
    w.mentions = s.mentions;
    w.supplied = s.supplied;
    w.extracted = s.extracted;
    prep->parent[id] = s.parent;
  }
  // parent must lead every id to a root (parent[r] == r) without a cycle: Finish follows it.
  std::vector<uint8_t> state_of(n, 0);  // 0 unseen, 1 on the current path, 2 reaches a root
  std::vector<uint32_t> path;
  for (uint32_t id = 0; id < n; ++id) {
    path.clear();
    uint32_t x = id;
    while (state_of[x] == 0 && prep->parent[x] != x) { state_of[x] = 1; path.push_back(x); x = prep->parent[x]; }
    if (state_of[x] == 1) return fail("entity name " + std::to_string(x) + ": parent links form a cycle");
    state_of[x] = 2;
    for (uint32_t p : path) state_of[p] = 2;
  }
  for (size_t d = 0; d < ndocs; ++d) {
    for (const DocMention& m : state.doc_mentions[d])
      if (m.entity >= n || m.start > m.end || int(m.type) > int(EntityType::kOther))
        return fail("article " + std::to_string(d) + ": a mention names entity " + std::to_string(m.entity) +
                    " of " + std::to_string(n) + " or has a bad range or type");
    for (uint32_t id : state.doc_names[d])
      if (id >= n) return fail("article " + std::to_string(d) + ": entity " + std::to_string(id) + " of " + std::to_string(n));
  }
  prep->doc_mentions = std::move(state.doc_mentions);
  prep->doc_ents = std::move(state.doc_names);
  prep_ = std::move(prep);
  Finish(corpus, corrections);
  return true;
}

void EntityTable::set_extractor(const EntityExtractor* extractor) {
  if (prep_) prep_->extractor = extractor;
}

void EntityTable::Finish(const Corpus& corpus, const Corrections& corrections) {
  const size_t ndocs = corpus.articles.size();
  const std::vector<Work>& work = prep_->work;
  const std::unordered_map<std::string, uint32_t>& by_key = prep_->by_key;
  const std::vector<std::vector<uint32_t>>& doc_ents = prep_->doc_ents;
  const EntityExtractor* extractor = prep_->extractor;
  std::vector<uint32_t> parent = prep_->parent;  // corrections merge on a copy
  auto root = [&](uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  doc_mentions_ = prep_->doc_mentions;
  std::vector<std::pair<uint32_t, std::string>> merged_names;  // a merged name becomes an alias
  // Resolve names (display or surface, any case) to current roots.
  std::vector<std::string> override_name(work.size());
  std::vector<int> override_type(work.size(), -1);
  std::vector<int> hidden(work.size(), 0);
  // Lookups by a renamed entity's new name, and by any surface form seen (built once, on first need), so
  // each op costs a hash lookup even when it names something this corpus does not have.
  std::unordered_map<std::string, uint32_t> renamed, by_surface;
  bool surfaces_indexed = false;
  auto find_root = [&](const std::string& name) -> int {
    const std::string key = FoldName(extractor ? extractor->Canonical(name) : name);
    if (auto it = by_key.find(key); it != by_key.end()) return int(root(it->second));
    const std::string folded = FoldName(name);
    if (auto it = renamed.find(folded); it != renamed.end()) return int(root(it->second));
    if (!surfaces_indexed) {
      for (uint32_t id = 0; id < work.size(); ++id)
        for (auto& [surface, count] : work[id].surfaces) by_surface.emplace(FoldName(surface), id);
      surfaces_indexed = true;
    }
    if (auto it = by_surface.find(folded); it != by_surface.end()) return int(root(it->second));
    return -1;
  };
  for (const Correction& c : corrections.ops) {
    const int id = find_root(c.name);
    if (id < 0) continue;  // the name is not in this corpus (corrections made on another corpus)
    switch (c.op) {
      case Correction::Op::kMerge: {
        const int into = find_root(c.target);
        if (into < 0 || into == id) break;
        parent[uint32_t(id)] = uint32_t(into);
        merged_names.push_back({uint32_t(into), c.name});
        break;
      }
      case Correction::Op::kRename:
        override_name[uint32_t(id)] = c.target;
        renamed[FoldName(c.target)] = uint32_t(id);
        break;
      case Correction::Op::kType: override_type[uint32_t(id)] = int(c.type); break;
      case Correction::Op::kHide: hidden[uint32_t(id)] = 1; break;
      case Correction::Op::kShow: hidden[uint32_t(id)] = 0; break;
    }
  }

  // Compact: one entity per root.
  std::vector<uint32_t> final_id(work.size(), UINT32_MAX);
  entities.clear();
  for (uint32_t id = 0; id < work.size(); ++id)
    if (root(id) == id) {
      final_id[id] = uint32_t(entities.size());
      entities.emplace_back();
    }
  std::vector<double> votes(entities.size() * 4, 0);
  std::vector<std::map<std::string, int>> names(entities.size()), surfaces(entities.size());
  for (uint32_t id = 0; id < work.size(); ++id) {
    const uint32_t f = final_id[root(id)];
    Entity& e = entities[f];
    const Work& w = work[id];
    e.mentions += w.mentions;
    e.supplied |= w.supplied;
    e.extracted |= w.extracted;
    for (int t = 0; t < 4; ++t) votes[f * 4 + size_t(t)] += w.vote[t];
    // The root's names win the display; merged-in names become aliases.
    for (auto& [n, c] : w.names) names[f][n] += root(id) == id ? c + 1000 : 0;
    for (auto& [s, c] : w.surfaces) surfaces[f][s] += c;
    for (auto& [n, c] : w.names) surfaces[f][n] += 0;
  }
  for (auto& [into, n] : merged_names) surfaces[final_id[root(into)]][n] += 1;
  for (uint32_t id = 0; id < work.size(); ++id) {
    if (root(id) != id) continue;
    const uint32_t f = final_id[id];
    Entity& e = entities[f];
    int best = 0;
    for (int t = 1; t < 4; ++t)
      if (votes[f * 4 + size_t(t)] > votes[f * 4 + size_t(best)]) best = t;
    e.type = override_type[id] >= 0 ? EntityType(override_type[id]) : EntityType(best);
    std::string disp;
    int score = -1;
    for (auto& [n, c] : names[f])
      if (c > score) { score = c; disp = n; }
    e.name = !override_name[id].empty() ? override_name[id] : disp;
    e.hidden = hidden[id] != 0;
    const std::string folded = FoldName(e.name);
    for (auto& [s, c] : surfaces[f])
      if (FoldName(s) != folded && std::find(e.aliases.begin(), e.aliases.end(), s) == e.aliases.end())
        e.aliases.push_back(s);
  }

  // Documents, dates, per-document mentions.
  doc_entities_.assign(ndocs, {});
  for (size_t d = 0; d < ndocs; ++d) {
    for (DocMention& m : doc_mentions_[d]) m.entity = final_id[root(m.entity)];
    for (DocMention& m : doc_mentions_[d]) m.type = entities[m.entity].type;
    for (uint32_t id : doc_ents[d]) doc_entities_[d].push_back(final_id[root(id)]);
    auto& v = doc_entities_[d];
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    const Date& date = corpus.articles[d].date;
    for (uint32_t id : v) {
      Entity& e = entities[id];
      e.docs.push_back(uint32_t(d));
      if (date.valid()) {
        if (e.first == 0 || date.utc < e.first) e.first = date.utc;
        if (e.last == 0 || date.utc > e.last) e.last = date.utc;
      }
    }
  }
  // Entities no article names any more (e.g. all mentions filtered by source) are dropped from lookups
  // but kept as ids; lookup table by display name and aliases.
  lookup_.clear();
  for (uint32_t id = 0; id < entities.size(); ++id) {
    lookup_.push_back({FoldName(entities[id].name), id});
    for (const std::string& a : entities[id].aliases) lookup_.push_back({FoldName(a), id});
  }
  std::stable_sort(lookup_.begin(), lookup_.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first < y.first;
    return entities[x.second].docs.size() > entities[y.second].docs.size();
  });
}

int EntityTable::Find(std::string_view name) const {
  const std::string key = FoldName(name);
  auto it = std::lower_bound(lookup_.begin(), lookup_.end(), key,
                             [](const std::pair<std::string, uint32_t>& p, const std::string& k) { return p.first < k; });
  if (it == lookup_.end() || it->first != key) return -1;
  return int(it->second);
}

std::vector<uint32_t> EntityTable::EntitiesOf(uint32_t d) const {
  return d < doc_entities_.size() ? doc_entities_[d] : std::vector<uint32_t>{};
}

std::vector<Cooccurrence> EntityTable::Cooccurring(uint32_t id, size_t k) const {
  std::vector<Cooccurrence> out;
  if (id >= entities.size()) return out;
  std::unordered_map<uint32_t, uint32_t> together;
  for (uint32_t d : entities[id].docs)
    for (uint32_t f : doc_entities_[d])
      if (f != id && !entities[f].hidden) ++together[f];
  const double n = double(doc_entities_.size());
  const double na = double(entities[id].docs.size());
  for (auto [f, k11] : together) {
    const double nb = double(entities[f].docs.size());
    if (double(k11) * n <= na * nb) continue;  // no more often together than by chance
    const double g2 = LogLikelihood(k11, na - k11, nb - k11, n - na - nb + k11);
    out.push_back({f, k11, g2});
  }
  std::sort(out.begin(), out.end(), [&](const Cooccurrence& a, const Cooccurrence& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.entity < b.entity;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

// ---- Corrections as JSON -----------------------------------------------------------------------------

bool ParseCorrections(std::string_view text, Corrections* out, std::string* error, std::vector<std::string>* warnings) {
  out->ops.clear();
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    *error = "not JSON: a corrections file is {\"lede_entity_corrections\": 1, \"ops\": [...]}";
    return false;
  }
  if (!j.is_object() || !j.contains("ops") || !j["ops"].is_array()) {
    *error = "no \"ops\" array: a corrections file is {\"lede_entity_corrections\": 1, \"ops\": [...]}";
    return false;
  }
  auto warn = [&](size_t i, const std::string& msg) {
    if (warnings) warnings->push_back("ops[" + std::to_string(i) + "]: " + msg + "; skipped");
  };
  const auto& ops = j["ops"];
  for (size_t i = 0; i < ops.size(); ++i) {
    const auto& o = ops[i];
    auto str = [&](const char* k) -> std::string {
      return o.is_object() && o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
    };
    Correction c;
    const std::string op = str("op");
    c.name = str("name");
    if (c.name.empty()) { warn(i, "\"name\" is missing"); continue; }
    if (op == "merge") {
      c.op = Correction::Op::kMerge;
      c.target = str("into");
      if (c.target.empty()) { warn(i, "\"into\" is missing"); continue; }
    } else if (op == "rename") {
      c.op = Correction::Op::kRename;
      c.target = str("to");
      if (c.target.empty()) { warn(i, "\"to\" is missing"); continue; }
    } else if (op == "type") {
      c.op = Correction::Op::kType;
      if (!ParseEntityType(str("type"), &c.type)) { warn(i, "\"type\" must be person, organization, place or other"); continue; }
    } else if (op == "hide") {
      c.op = Correction::Op::kHide;
    } else if (op == "show") {
      c.op = Correction::Op::kShow;
    } else {
      warn(i, "unknown \"op\" \"" + op + "\" (merge, rename, type, hide, show)");
      continue;
    }
    out->ops.push_back(std::move(c));
  }
  return true;
}

std::string FormatCorrections(const Corrections& c) {
  nlohmann::json ops = nlohmann::json::array();
  for (const Correction& x : c.ops) {
    nlohmann::json o;
    switch (x.op) {
      case Correction::Op::kMerge: o = {{"op", "merge"}, {"name", x.name}, {"into", x.target}}; break;
      case Correction::Op::kRename: o = {{"op", "rename"}, {"name", x.name}, {"to", x.target}}; break;
      case Correction::Op::kType: o = {{"op", "type"}, {"name", x.name}, {"type", EntityTypeName(x.type)}}; break;
      case Correction::Op::kHide: o = {{"op", "hide"}, {"name", x.name}}; break;
      case Correction::Op::kShow: o = {{"op", "show"}, {"name", x.name}}; break;
    }
    ops.push_back(std::move(o));
  }
  nlohmann::json j = {{"lede_entity_corrections", 1}, {"ops", ops}};
  return j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace lede
