// platform_web.cpp: the browser platform and the C side of the JS bridge (web/boot.js holds the JS side).
// The corpus is fetched with emscripten_async_wget_data so the first frame shows progress; the CJK font is
// fetched only when the corpus has CJK text; the canvas follows the page size and devicePixelRatio.
// Exported C functions (lede_*) are what window.lede calls through Module.ccall.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "app/actions.h"
#include "app/ui.h"
#include "platform/platform.h"

namespace lede::platform {

namespace {
AppState* g_state = nullptr;
std::chrono::steady_clock::time_point g_fetch_start;
std::string g_corpus_url;
enum class CjkFetch { kNone, kPending, kDone, kFailed } g_cjk = CjkFetch::kNone;
}  // namespace

bool ParseOptions(int, char**, Options* opt) {
  opt->dark = EM_ASM_INT({ return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 1 : 0; });
  // Emscripten 3.1.6 has no EM_ASM_PTR; on wasm32 a pointer fits the int EM_ASM_INT returns.
  char* hash = reinterpret_cast<char*>(static_cast<intptr_t>(EM_ASM_INT({ return stringToNewUTF8(location.hash.substring(1)); })));
  if (hash) {
    opt->link = hash;
    free(hash);
  }
  return true;
}

std::string FontsDir() { return "/fonts"; }

void StartCorpusLoad(AppState& state, const Options&) {
  g_corpus_url = "corpus.json";
  state.load.label = g_corpus_url;
  g_fetch_start = std::chrono::steady_clock::now();
  emscripten_async_wget_data(
      g_corpus_url.c_str(), &state,
      [](void* arg, void* data, int size) {
        auto& st = *static_cast<AppState*>(arg);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - g_fetch_start).count();
        actions::LoadCorpusBytes(st, std::string_view(static_cast<const char*>(data), size_t(size)), g_corpus_url, ms);
        for (const auto& w : st.load.report.warnings)
          std::fprintf(stderr, "lede: %s: %s\n", w.where.c_str(), w.message.c_str());
      },
      [](void* arg) {
        actions::FailLoad(*static_cast<AppState*>(arg), g_corpus_url, "could not fetch " + g_corpus_url);
      });
}

double g_first_frame_ms = 0, g_ready_ms = 0;  // performance.now() (ms since navigation) at those moments

void BeginFrame(SDL_Window* window) {
  if (g_first_frame_ms == 0) g_first_frame_ms = emscripten_get_now();
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  int w = 0, h = 0;
  SDL_GetWindowSize(window, &w, &h);
  if (css_w > 0 && css_h > 0 && (int(css_w) != w || int(css_h) != h)) SDL_SetWindowSize(window, int(css_w), int(css_h));
  // Keep the drawing buffer at CSS size x devicePixelRatio (changes with browser zoom and monitors).
  const double dpr = emscripten_get_device_pixel_ratio();
  int cw = 0, ch = 0;
  emscripten_get_canvas_element_size("#canvas", &cw, &ch);
  const int want_w = int(css_w * dpr + 0.5), want_h = int(css_h * dpr + 0.5);
  if (want_w > 0 && (cw != want_w || ch != want_h)) emscripten_set_canvas_element_size("#canvas", want_w, want_h);
}

bool CjkFontReady(const AppState& state) {
  if (g_cjk == CjkFetch::kNone && state.load.corpus.has_cjk) {
    g_cjk = CjkFetch::kPending;
    emscripten_async_wget("fonts/DroidSansFallbackFull.ttf", "/fonts/DroidSansFallbackFull.ttf",
                          [](const char*) { g_cjk = CjkFetch::kDone; },
                          [](const char*) {
                            g_cjk = CjkFetch::kFailed;
                            std::fprintf(stderr, "lede: could not fetch the CJK font; Chinese text shows as boxes\n");
                          });
  }
  return g_cjk == CjkFetch::kDone;
}

void NotifyLoaded(const AppState& state) {
  g_ready_ms = emscripten_get_now();
  const bool ok = state.load.phase == LoadPhase::kReady;
  EM_ASM({ if (Module.ledeLoaded) Module.ledeLoaded($0, UTF8ToString($1)); }, ok ? 1 : 0, state.load.report.error.c_str());
}

void CopyLink(const std::string& fragment) {
  EM_ASM({
    const url = location.href.split("#")[0] + "#" + UTF8ToString($0);
    if (Module.ledeCopy) Module.ledeCopy(url);
  }, fragment.c_str());
}

void SyncLink(const std::string& fragment) {
  EM_ASM({
    const hash = UTF8ToString($0);
    try { history.replaceState(history.state, "", hash ? "#" + hash : location.pathname + location.search); } catch (e) {}
    if (Module.ledeStateChanged) Module.ledeStateChanged(hash);
  }, fragment.c_str());
}

void RunLoop(bool (*frame)(void*), void* user) {
  static bool (*s_frame)(void*) = frame;
  emscripten_set_main_loop_arg([](void* u) { if (!s_frame(u)) emscripten_cancel_main_loop(); }, user, 0, true);
}

void SetBridgeState(AppState* state) { g_state = state; }

// Entity corrections: boot.js keeps them in localStorage under a key per corpus, downloads the export
// and opens the file picker for an import (Module.ledeCorrections*).
std::string LoadStoredCorrections(const AppState& state) {
  char* text = reinterpret_cast<char*>(static_cast<intptr_t>(EM_ASM_INT({
    const v = Module.ledeCorrectionsLoad ? Module.ledeCorrectionsLoad(UTF8ToString($0)) : null;
    return v ? stringToNewUTF8(v) : 0;
  }, state.load.label.c_str())));
  std::string out;
  if (text) {
    out = text;
    free(text);
  }
  return out;
}

void StoreCorrections(const AppState& state, const std::string& json) {
  EM_ASM({ if (Module.ledeCorrectionsSave) Module.ledeCorrectionsSave(UTF8ToString($0), UTF8ToString($1)); },
         state.load.label.c_str(), json.c_str());
}

std::string ExportCorrections(const std::string& json, bool* ok) {
  *ok = EM_ASM_INT({ return Module.ledeDownload ? Module.ledeDownload("lede-entity-corrections.json", UTF8ToString($0)) : 0; },
                   json.c_str()) != 0;
  return *ok ? "Exported lede-entity-corrections.json (see your downloads)" : "This page cannot download files";
}

void ImportCorrections(AppState&) {
  EM_ASM({ if (Module.ledePickCorrections) Module.ledePickCorrections(); });
}

}  // namespace lede::platform

// ---- JS bridge: called from web/boot.js through Module.ccall -------------------------------------------
using lede::platform::g_state;
namespace {
std::string g_out;  // the returned string stays valid until the next call
const char* Out(const nlohmann::json& j) {
  g_out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return g_out.c_str();
}
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* lede_stats_json() {
  nlohmann::json j;
  const auto& load = g_state->load;
  j["articles"] = load.corpus.articles.size();
  j["loadMs"] = load.fetch_ms + load.report.load_ms + load.index_ms;
  j["parseMs"] = load.report.load_ms;
  j["skipped"] = load.report.articles_skipped;
  j["warnings"] = load.report.warnings.size() + load.report.warnings_dropped;
  static const char* kPhases[] = {"loading", "indexing", "ready", "failed", "parsing"};
  j["phase"] = kPhases[int(load.phase)];
  j["indexMs"] = load.index_ms;
  j["query"] = g_state->filter.query;
  j["results"] = g_state->rows().size();
  j["filtered"] = g_state->sel.count;
  j["error"] = load.report.error;
  j["frameMs"] = g_state->perf.frame_ms_avg;
  j["uiMs"] = g_state->perf.ui_ms_avg;
  j["firstFrameMs"] = lede::platform::g_first_frame_ms;
  j["readyMs"] = lede::platform::g_ready_ms;
  j["selected"] = g_state->selected >= 0 ? load.corpus.articles[size_t(g_state->selected)].id : "";
  j["cjkFont"] = g_state->fonts.cjk_loaded;
  const auto& en = g_state->entities;
  static const char* kEntityPhases[] = {"waiting", "extracting", "ready"};
  j["entityPhase"] = kEntityPhases[int(en.phase)];
  j["entityProgress"] = lede::actions::EntityProgress(*g_state);
  j["entitiesMs"] = en.extract_ms;          // extraction work (gazetteer, articles, harmonizing), summed over frames
  j["entitiesWallMs"] = en.wall_ms;         // first extraction frame to the table, wall clock
  j["entityTableMs"] = en.build_ms;
  size_t listed = 0;
  for (const auto& e : en.table.entities) listed += !e.hidden && !e.docs.empty();
  j["entities"] = listed;
  j["corrections"] = en.corrections.ops.size();
  j["entitySource"] = lede::EntitySourceName(en.source);
  return Out(j);
}

// Rectangles of what the last frame drew (CSS pixels): list rows and the reader's article.
EMSCRIPTEN_KEEPALIVE const char* lede_probe_json() {
  const lede::UiProbe& p = lede::LastFrameProbe();
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : p.rows)
    rows.push_back({{"id", g_state->load.corpus.articles[size_t(r.article)].id}, {"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}});
  nlohmann::json facets = nlohmann::json::array();
  for (const auto& f : p.facets) facets.push_back({{"kind", f.kind}, {"value", f.value}, {"x", f.x}, {"y", f.y}, {"w", f.w}, {"h", f.h}});
  auto rect = [](const lede::UiProbe::Rect& r) { return nlohmann::json{{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}}; };
  nlohmann::json entity_rows = nlohmann::json::array(), marks = nlohmann::json::array();
  for (const auto& r : p.entity_rows) entity_rows.push_back({{"name", r.name}, {"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}});
  for (const auto& m : p.reader_marks)
    marks.push_back({{"name", m.name}, {"type", m.type}, {"title", m.in_title}, {"x", m.x}, {"y", m.y}, {"w", m.w}, {"h", m.h}});
  const auto day = lede::FormatDay;
  return Out({{"rows", rows}, {"reader", p.reader_id}, {"readerHighlights", p.reader_highlights}, {"facets", facets},
              {"timeline", {{"x", p.timeline.x}, {"y", p.timeline.y}, {"w", p.timeline.w}, {"h", p.timeline.h},
                            {"from", day(p.timeline.from)}, {"to", day(p.timeline.to)},
                            {"fromUnix", p.timeline.from}, {"toUnix", p.timeline.to}}},
              {"copyLink", rect(p.copy_link)}, {"searchBox", rect(p.search_box)},
              {"entityRows", entity_rows}, {"readerMarks", marks}, {"pane", g_state->ui.pane == lede::RightPane::kEntities ? "entities" : "reader"},
              {"entitiesTab", rect(p.entities_tab)}, {"readerTab", rect(p.reader_tab)}, {"hideEntity", rect(p.hide_entity)},
              {"renameEntity", rect(p.rename_entity)}, {"mergeEntity", rect(p.merge_entity)},
              {"undoCorrection", rect(p.undo_correction)}, {"exportCorrections", rect(p.export_corrections)},
              {"importCorrections", rect(p.import_corrections)}});
}

// Top 20 for a query, without touching the UI: [{id, title, date, score}], plus errors.
EMSCRIPTEN_KEEPALIVE const char* lede_search_json(const char* query) {
  nlohmann::json hits = nlohmann::json::array();
  if (g_state->load.phase != lede::LoadPhase::kReady) return Out(hits);
  lede::SearchOptions o;
  o.limit = 20;
  if (g_state->entities.phase == lede::EntityPhase::kReady) o.entities = &g_state->entities.table;
  const double t0 = emscripten_get_now();
  const lede::SearchResult r = lede::Search(g_state->load.index, query, o);
  const double ms = emscripten_get_now() - t0;
  for (const lede::Hit& h : r.hits) {
    const lede::Article& a = g_state->load.corpus.articles[h.doc];
    hits.push_back({{"id", a.id}, {"title", a.title}, {"date", lede::FormatDate(a.date)}, {"score", h.score}});
  }
  return Out({{"hits", hits}, {"errors", r.errors}, {"ms", ms}});
}

// Follows the browser's light / dark preference when it changes (boot.js listens to prefers-color-scheme).
EMSCRIPTEN_KEEPALIVE void lede_set_dark(int dark) {
  lede::SetupStyle(dark != 0);
}

// Puts a query in the search box and runs it, as if typed.
EMSCRIPTEN_KEEPALIVE void lede_set_query(const char* query) { lede::actions::SetQuery(*g_state, query); }

// The view state as JSON: {query, from, to, facets: [{kind, value, exclude}], article, sort, view, link}.
EMSCRIPTEN_KEEPALIVE const char* lede_get_state() {
  const auto& st = *g_state;
  const lede::Filter& f = st.filter;
  nlohmann::json facets = nlohmann::json::array();
  for (const auto& c : f.facets) facets.push_back({{"kind", lede::FacetName(c.kind)}, {"value", c.value}, {"exclude", c.exclude}});
  const auto day = lede::FormatDay;
  nlohmann::json j = {{"query", f.query},
                      {"from", f.from == INT64_MIN ? nlohmann::json() : nlohmann::json(day(f.from))},
                      {"to", f.to == INT64_MAX ? nlohmann::json() : nlohmann::json(day(f.to))},
                      {"facets", facets},
                      {"article", st.selected >= 0 ? nlohmann::json(st.load.corpus.articles[size_t(st.selected)].id) : nlohmann::json()},
                      {"sort", st.sort == lede::SortOrder::kRelevance ? "relevance" : st.sort == lede::SortOrder::kNewest ? "newest" : "oldest"},
                      {"view", {day(st.timeline.view_from), day(st.timeline.view_to)}},
                      {"link", lede::actions::EncodeLink(st)}};
  return Out(j);
}

// Applies a view state given as a link fragment (what getState().link holds).
EMSCRIPTEN_KEEPALIVE void lede_set_link(const char* fragment) { lede::actions::ApplyLink(*g_state, fragment); }

// Opens the article with this id in the reader. Returns 0 when there is no such article.
EMSCRIPTEN_KEEPALIVE int lede_select(const char* id) {
  const int index = lede::actions::FindArticle(*g_state, id);
  if (index < 0) return 0;
  lede::actions::SelectArticle(*g_state, index);
  return 1;
}

}  // extern "C"

// ---- entities ----
namespace {
nlohmann::json EntityJson(uint32_t id, bool details) {
  const auto& en = g_state->entities;
  const lede::Entity& e = en.table.entities[id];
  nlohmann::json j = {{"name", e.name}, {"type", lede::EntityTypeName(e.type)}, {"articles", e.docs.size()},
                      {"mentions", e.mentions}, {"selected", id < en.sel_articles.size() ? en.sel_articles[id] : 0},
                      {"hidden", e.hidden}};
  if (!details) return j;
  j["first"] = e.first ? lede::FormatDay(e.first) : "";
  j["last"] = e.last ? lede::FormatDay(e.last) : "";
  j["aliases"] = e.aliases;
  j["supplied"] = e.supplied;
  j["extracted"] = e.extracted;
  nlohmann::json co = nlohmann::json::array();
  for (const auto& c : en.table.Cooccurring(id, 10))
    co.push_back({{"name", en.table.entities[c.entity].name}, {"type", lede::EntityTypeName(en.table.entities[c.entity].type)},
                  {"together", c.together}, {"score", c.score}});
  j["cooccurring"] = co;
  return j;
}
}  // namespace

extern "C" {

// Entities by articles in the whole corpus (hidden ones left out): [{name, type, articles, mentions,
// selected (articles in the current filter), hidden}]. Empty until extraction is done.
EMSCRIPTEN_KEEPALIVE const char* lede_entities_json(int limit) {
  const auto& en = g_state->entities;
  nlohmann::json out = nlohmann::json::array();
  if (en.phase != lede::EntityPhase::kReady) return Out(out);
  std::vector<uint32_t> ids;
  for (uint32_t id = 0; id < en.table.entities.size(); ++id)
    if (!en.table.entities[id].hidden && !en.table.entities[id].docs.empty()) ids.push_back(id);
  std::stable_sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) {
    return en.table.entities[a].docs.size() > en.table.entities[b].docs.size();
  });
  if (limit > 0 && ids.size() > size_t(limit)) ids.resize(size_t(limit));
  for (uint32_t id : ids) out.push_back(EntityJson(id, false));
  return Out(out);
}

// One entity by name or alias, with first/last, aliases and co-occurring entities; null when unknown.
EMSCRIPTEN_KEEPALIVE const char* lede_entity_json(const char* name) {
  const auto& en = g_state->entities;
  const int id = en.phase == lede::EntityPhase::kReady ? en.table.Find(name) : -1;
  return Out(id < 0 ? nlohmann::json() : EntityJson(uint32_t(id), true));
}

// Applies corrections given as a corrections file or a bare array of ops, each undoable in the UI.
// Returns {ok, error, warnings, corrections}.
EMSCRIPTEN_KEEPALIVE const char* lede_correct_entities(const char* json) {
  nlohmann::json in = nlohmann::json::parse(json, nullptr, false);
  if (in.is_array()) in = {{"lede_entity_corrections", 1}, {"ops", in}};
  lede::Corrections add;
  std::string error;
  std::vector<std::string> warnings;
  const bool ok = !in.is_discarded() && lede::ParseCorrections(in.dump(), &add, &error, &warnings);
  if (in.is_discarded()) error = "not JSON: give an array of ops or a corrections file";
  if (ok) {
    for (auto& c : add.ops) lede::actions::AddCorrection(*g_state, c);
    // Saved now, not at the next frame: the page may be left before one is drawn.
    if (!add.ops.empty()) lede::platform::StoreCorrections(*g_state, lede::actions::CorrectionsJson(*g_state));
  }
  return Out({{"ok", ok}, {"error", error}, {"warnings", warnings}, {"corrections", g_state->entities.corrections.ops.size()}});
}

// The corrections file ({"lede_entity_corrections": 1, "ops": [...]}).
EMSCRIPTEN_KEEPALIVE const char* lede_export_corrections() {
  g_out = lede::actions::CorrectionsJson(*g_state);
  return g_out.c_str();
}

// Replaces the corrections with a file's (the Import button's file picker calls this too).
EMSCRIPTEN_KEEPALIVE const char* lede_import_corrections(const char* json) {
  const bool ok = lede::actions::ImportCorrections(*g_state, json);
  if (ok) lede::platform::StoreCorrections(*g_state, lede::actions::CorrectionsJson(*g_state));
  return Out({{"ok", ok}, {"message", g_state->entities.message}});
}

// "both", "supplied" or "extracted". Returns 0 for anything else.
EMSCRIPTEN_KEEPALIVE int lede_set_entity_source(const char* source) {
  lede::EntitySource s;
  if (!lede::ParseEntitySource(source, &s)) return 0;
  lede::actions::SetEntitySource(*g_state, s);
  return 1;
}

}  // extern "C"
