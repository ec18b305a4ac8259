// platform_web.cpp: the browser platform and the C side of the JS bridge (web/boot.js holds the JS side).
// The corpus is fetched with emscripten_async_wget_data so the first frame shows progress; the CJK font is
// fetched only when the corpus has CJK text; the canvas follows the page size and devicePixelRatio.
// Exported C functions (lede_*) are what window.lede calls through Module.ccall.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

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
  const auto day = lede::FormatDay;
  return Out({{"rows", rows}, {"reader", p.reader_id}, {"readerHighlights", p.reader_highlights}, {"facets", facets},
              {"timeline", {{"x", p.timeline.x}, {"y", p.timeline.y}, {"w", p.timeline.w}, {"h", p.timeline.h},
                            {"from", day(p.timeline.from)}, {"to", day(p.timeline.to)},
                            {"fromUnix", p.timeline.from}, {"toUnix", p.timeline.to}}},
              {"copyLink", rect(p.copy_link)}, {"searchBox", rect(p.search_box)}});
}

// Top 20 for a query, without touching the UI: [{id, title, date, score}], plus errors.
EMSCRIPTEN_KEEPALIVE const char* lede_search_json(const char* query) {
  nlohmann::json hits = nlohmann::json::array();
  if (g_state->load.phase != lede::LoadPhase::kReady) return Out(hits);
  lede::SearchOptions o;
  o.limit = 20;
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
