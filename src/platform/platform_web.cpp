// platform_web.cpp: the browser platform and the C side of the JS bridge (web/embed.js holds the JS side).
// One Emscripten module instance runs per Lede.mount(), so everything here is per instance: the canvas is
// Module.canvas (SDL's "#canvas" is mapped to it), keyboard events are taken from that canvas only, and the
// page's configuration arrives as Module.ledeConfig. embed.js fetches or reads the corpus (progress, CORS
// and allow-list errors, dropped files) and hands the bytes to lede_load_*; the app tells the page what
// changed through Module.lede* callbacks (screen-reader mirror, events, text-input position, clipboard).
// Exported C functions (lede_*) are what embed.js calls through Module.ccall.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "app/actions.h"
#include "app/ui.h"
#include "imgui.h"
#include "imgui_internal.h"  // the search box's edit state, reloaded after an outside change
#include "platform/platform.h"

namespace lede::platform {

namespace {
AppState* g_state = nullptr;
enum class CjkFetch { kNone, kPending, kDone, kFailed } g_cjk = CjkFetch::kNone;

// Text input through the page's hidden <input> (soft keyboards, IME composition): where ImGui's text
// cursor is, as reported by Platform_SetImeDataFn.
struct {
  bool want = false;
  float x = 0, y = 0, h = 0;
} g_ime;
std::string g_clipboard;  // what ImGui reads on paste: the last text copied or pasted

// Emscripten 3.1.6 has no EM_ASM_PTR; on wasm32 a pointer fits the int EM_ASM_INT returns.
std::string TakeJsString(int ptr) {
  char* s = reinterpret_cast<char*>(static_cast<intptr_t>(ptr));
  std::string out = s ? s : "";
  free(s);
  return out;
}
}  // namespace

bool ParseOptions(int, char**, Options* opt) {
  // SDL looks up its canvas as "#canvas" and takes keys from SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT: map that
  // selector to this instance's own canvas, so several instances on one page each get their own events,
  // and only the focused one gets keys.
  EM_ASM({ specialHTMLTargets["#canvas"] = Module.canvas; });
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
  const std::string config = TakeJsString(EM_ASM_INT({ return stringToNewUTF8(JSON.stringify(Module.ledeConfig || {})); }));
  const nlohmann::json j = nlohmann::json::parse(config, nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    opt->dark = j.value("dark", false);
    opt->link = j.value("link", std::string());
  }
  return true;
}

const char* WindowTitle() { return nullptr; }

std::string FontsDir() { return "/fonts"; }

void StartCorpusLoad(AppState& state, const Options&) {
  actions::BeginLoad(state, "the corpus");
  EM_ASM({ Module.ledeStartLoad(); });
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
  if (g_cjk == CjkFetch::kNone && state.status.has_cjk) {
    g_cjk = CjkFetch::kPending;
    // Fetched next to lede.wasm (not next to the host page), written into this instance's file system.
    EM_ASM({
      Module.ledeCjk = "pending";
      Module.ledeFetchAsset("fonts/DroidSansFallbackFull.ttf")
        .then(function(b) { FS.writeFile("/fonts/DroidSansFallbackFull.ttf", new Uint8Array(b)); Module.ledeCjk = "done"; })
        .catch(function(e) { Module.ledeCjk = "failed: " + e.message; });
    });
  }
  if (g_cjk == CjkFetch::kPending) {
    const int s = EM_ASM_INT({ return Module.ledeCjk === "done" ? 1 : Module.ledeCjk === "pending" ? 0 : 2; });
    if (s == 1) g_cjk = CjkFetch::kDone;
    if (s == 2) {
      g_cjk = CjkFetch::kFailed;
      std::fprintf(stderr, "lede: could not fetch the CJK font; Chinese text shows as boxes\n");
    }
  }
  return g_cjk == CjkFetch::kDone;
}

void NotifyLoaded(const AppState& state) {
  g_ready_ms = emscripten_get_now();
  const bool ok = state.status.phase == LoadPhase::kReady;
  EM_ASM({ if (Module.ledeLoaded) Module.ledeLoaded($0, UTF8ToString($1)); }, ok ? 1 : 0, state.status.error.c_str());
}

void CopyLink(const std::string& fragment) {
  EM_ASM({ if (Module.ledeCopyLink) Module.ledeCopyLink(UTF8ToString($0)); }, fragment.c_str());
}

void SyncLink(const std::string& fragment) {
  EM_ASM({ if (Module.ledeStateChanged) Module.ledeStateChanged(UTF8ToString($0)); }, fragment.c_str());
}

void AfterImGuiInit(AppState& state) {
  state.ui.can_open_files = true;
  const std::string config = TakeJsString(EM_ASM_INT({ return stringToNewUTF8(JSON.stringify(Module.ledeConfig || {})); }));
  const nlohmann::json j = nlohmann::json::parse(config, nullptr, false);
  if (j.is_object()) {
    state.ui.compact = j.value("compact", false);
    if (j.contains("views") && j["views"].is_array()) {
      auto& ui = state.ui;
      ui.show_timeline = ui.show_facets = ui.show_results = ui.show_reader = ui.show_entities = false;
      for (const auto& v : j["views"]) {
        const std::string name = v.is_string() ? v.get<std::string>() : "";
        if (name == "timeline") ui.show_timeline = true;
        else if (name == "facets") ui.show_facets = true;
        else if (name == "results" || name == "list") ui.show_results = true;
        else if (name == "reader") ui.show_reader = true;
        else if (name == "entities") ui.show_entities = true;
      }
    }
  }
  // The system clipboard: ImGui copies through the page (navigator.clipboard, with a fallback); pasting
  // goes through the browser's paste event (embed.js), whose text lands in g_clipboard.
  ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
  pio.Platform_SetClipboardTextFn = [](ImGuiContext*, const char* text) {
    g_clipboard = text ? text : "";
    EM_ASM({ if (Module.ledeCopyText) Module.ledeCopyText(UTF8ToString($0)); }, g_clipboard.c_str());
  };
  pio.Platform_GetClipboardTextFn = [](ImGuiContext*) { return g_clipboard.c_str(); };
  pio.Platform_SetImeDataFn = [](ImGuiContext*, ImGuiViewport*, ImGuiPlatformImeData* data) {
    g_ime.want = data->WantTextInput || data->WantVisible;
    g_ime.x = data->InputPos.x;
    g_ime.y = data->InputPos.y;
    g_ime.h = data->InputLineHeight;
  };
}

namespace {

// An article as the page sees it: a row of the list, or the reader's article (with its text).
template <class A> nlohmann::json ArticleJson(const A& a) {
  return {{"id", a.id}, {"title", a.title}, {"date", a.date.valid() ? FormatDate(a.date) : ""},
          {"source", a.source}, {"byline", a.byline}, {"url", a.url}, {"lang", a.lang}};
}

// What the screen-reader mirror shows; rebuilt only when one of these changes.
std::string MirrorKey(const AppState& st) {
  const Filter& f = st.filter;
  std::string key = std::to_string(int(st.status.phase)) + '\x1f' + f.query + '\x1f' + std::to_string(f.from) + '\x1f' +
                    std::to_string(f.to) + '\x1f' + std::to_string(int(st.sort)) + '\x1f' + st.selected + '\x1f' +
                    std::to_string(st.replies.generation) + '\x1f' + std::to_string(st.replies.article.ticket) + '\x1f' +
                    st.status.label + '\x1f' + st.status.error;
  for (const auto& c : f.facets) key += '\x1f' + c.value + (c.exclude ? "-" : "+") + std::to_string(int(c.kind));
  return key;
}

}  // namespace

void AfterFrame(const AppState& st) {
  static std::string last_mirror;
  static std::string last_selected;
  static bool last_want = false;
  static float last_x = -1, last_y = -1;

  const std::string key = MirrorKey(st);
  if (key != last_mirror) {
    last_mirror = key;
    static const char* kPhases[] = {"loading", "indexing", "ready", "failed", "parsing"};
    nlohmann::json results = nlohmann::json::array();
    for (size_t i = 0; i < 20; ++i)
      if (const ArticleSummary* a = actions::RowAt(st, i)) results.push_back(ArticleJson(*a));
    nlohmann::json article;
    if (!st.selected.empty() && st.replies.article.id == st.selected) {
      article = ArticleJson(st.replies.article);
      article["text"] = st.replies.article.text;
    }
    nlohmann::json m = {{"phase", kPhases[int(st.status.phase)]},
                        {"label", st.status.name.empty() ? st.status.label : st.status.name},
                        {"error", st.status.error},
                        {"query", st.search.input},
                        {"count", st.status.phase == LoadPhase::kReady ? st.replies.explore.total : size_t(0)},
                        {"total", st.status.articles},
                        {"results", results},
                        {"article", article}};
    const std::string text = m.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    EM_ASM({ if (Module.ledeMirror) Module.ledeMirror(UTF8ToString($0)); }, text.c_str());
  }
  // articleSelected once the article's metadata is here (a frame after the click, or more for a remote source).
  if (st.selected != last_selected && (st.selected.empty() || st.replies.article.id == st.selected)) {
    last_selected = st.selected;
    if (!st.selected.empty()) {
      const std::string text = ArticleJson(st.replies.article).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      EM_ASM({ if (Module.ledeArticleSelected) Module.ledeArticleSelected(UTF8ToString($0)); }, text.c_str());
    }
  }
  if (g_ime.want != last_want || (g_ime.want && (g_ime.x != last_x || g_ime.y != last_y))) {
    last_want = g_ime.want;
    last_x = g_ime.x;
    last_y = g_ime.y;
    EM_ASM({ if (Module.ledeTextInput) Module.ledeTextInput($0, $1, $2, $3); }, g_ime.want ? 1 : 0, g_ime.x, g_ime.y, g_ime.h);
  }
}

void PickCorpusFile() {
  EM_ASM({ if (Module.ledePickFile) Module.ledePickFile(); });
}

void RunLoop(bool (*frame)(void*), void* user) {
  static bool (*s_frame)(void*) = frame;
  emscripten_set_main_loop_arg([](void* u) { if (!s_frame(u)) emscripten_cancel_main_loop(); }, user, 0, true);
}

void SetBridgeState(AppState* state) { g_state = state; }

namespace {
nlohmann::json EntityListJson(const EntityListReply& r) {
  nlohmann::json out = nlohmann::json::array();
  for (const EntityListRow& e : r.rows)
    out.push_back({{"name", e.name}, {"type", EntityTypeName(e.type)}, {"articles", e.articles}, {"mentions", e.mentions},
                   {"selected", e.selected}, {"hidden", e.hidden}});
  return out;
}

nlohmann::json EntityJson(const EntityReply& e) {
  if (!e.found) return nullptr;
  nlohmann::json co = nlohmann::json::array();
  for (const Companion& c : e.cooccurring)
    co.push_back({{"name", c.name}, {"type", EntityTypeName(c.type)}, {"together", c.together}, {"score", c.score}});
  return {{"name", e.name}, {"type", EntityTypeName(e.type)}, {"articles", e.articles}, {"mentions", e.mentions},
          {"selected", e.selected}, {"hidden", e.hidden}, {"first", e.first ? FormatDay(e.first) : ""},
          {"last", e.last ? FormatDay(e.last) : ""}, {"aliases", e.aliases}, {"supplied", e.supplied},
          {"extracted", e.extracted}, {"cooccurring", co}};
}

void Reply(Ticket ticket, const nlohmann::json& j) {
  const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  EM_ASM({ if (Module.ledeReply) Module.ledeReply($0, UTF8ToString($1)); }, double(ticket), text.c_str());
}
}  // namespace

// The JS API's promises: search -> {hits: [{id, title, date, score}], errors, ms}; entities -> [...];
// entity -> {...} or null.
void DeliverReplies(const AppState&, const SourceReplies& replies) {
  for (const ExploreReply& e : replies.explore) {
    nlohmann::json hits = nlohmann::json::array();
    for (const ArticleSummary& a : e.rows)
      hits.push_back({{"id", a.id}, {"title", a.title}, {"date", FormatDate(a.date)}, {"score", a.score}});
    Reply(e.ticket, {{"hits", hits}, {"errors", e.errors}, {"total", e.total}, {"ms", e.ms}, {"error", e.error}});
  }
  for (const EntityListReply& e : replies.entity_list) Reply(e.ticket, EntityListJson(e));
  for (const EntityReply& e : replies.entity) Reply(e.ticket, EntityJson(e));
}

// Entity corrections: embed.js keeps them in localStorage under a key per corpus (CorrectionsKey), downloads the export
// and opens the file picker for an import (Module.ledeCorrections*).
std::string LoadStoredCorrections(const AppState& state) {
  char* text = reinterpret_cast<char*>(static_cast<intptr_t>(EM_ASM_INT({
    const v = Module.ledeCorrectionsLoad ? Module.ledeCorrectionsLoad(UTF8ToString($0)) : null;
    return v ? stringToNewUTF8(v) : 0;
  }, lede::actions::CorrectionsKey(state).c_str())));
  std::string out;
  if (text) {
    out = text;
    free(text);
  }
  return out;
}

void StoreCorrections(const AppState& state, const std::string& json) {
  EM_ASM({ if (Module.ledeCorrectionsSave) Module.ledeCorrectionsSave(UTF8ToString($0), UTF8ToString($1)); },
         lede::actions::CorrectionsKey(state).c_str(), json.c_str());
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

// ---- JS bridge: called from web/embed.js through Module.ccall --------------------------------------------
using lede::platform::g_state;
namespace {
std::string g_out;  // the returned string stays valid until the next call
const char* Out(const nlohmann::json& j) {
  g_out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return g_out.c_str();
}

// KeyboardEvent.code -> ImGuiKey, for keys typed into the hidden text input (editing and shortcuts).
ImGuiKey KeyFromCode(const char* code) {
  static const struct { const char* code; ImGuiKey key; } kKeys[] = {
      {"Backspace", ImGuiKey_Backspace}, {"Delete", ImGuiKey_Delete}, {"Enter", ImGuiKey_Enter},
      {"NumpadEnter", ImGuiKey_KeypadEnter}, {"Escape", ImGuiKey_Escape}, {"Tab", ImGuiKey_Tab},
      {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow}, {"ArrowUp", ImGuiKey_UpArrow},
      {"ArrowDown", ImGuiKey_DownArrow}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End},
      {"PageUp", ImGuiKey_PageUp}, {"PageDown", ImGuiKey_PageDown}, {"Space", ImGuiKey_Space},
      {"Slash", ImGuiKey_Slash}, {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl},
      {"ShiftLeft", ImGuiKey_LeftShift}, {"ShiftRight", ImGuiKey_RightShift}, {"AltLeft", ImGuiKey_LeftAlt},
      {"AltRight", ImGuiKey_RightAlt}, {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper}};
  for (const auto& k : kKeys)
    if (!std::strcmp(code, k.code)) return k.key;
  if (!std::strncmp(code, "Key", 3) && code[3] >= 'A' && code[3] <= 'Z' && !code[4]) return ImGuiKey(ImGuiKey_A + (code[3] - 'A'));
  if (!std::strncmp(code, "Digit", 5) && code[5] >= '0' && code[5] <= '9' && !code[6]) return ImGuiKey(ImGuiKey_0 + (code[5] - '0'));
  return ImGuiKey_None;
}
bool g_ctrl = false;  // Ctrl (or Meta) held, as the hidden input last saw it
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* lede_stats_json() {
  nlohmann::json j;
  const lede::SourceStatus& st = g_state->status;
  j["articles"] = st.articles;
  j["loadMs"] = st.fetch_ms + st.report.load_ms + st.index_ms;
  j["parseMs"] = st.report.load_ms;
  j["skipped"] = st.report.articles_skipped;
  j["warnings"] = st.report.warnings.size() + st.report.warnings_dropped;
  static const char* kPhases[] = {"loading", "indexing", "ready", "failed", "parsing"};
  j["phase"] = kPhases[int(st.phase)];
  j["label"] = st.label;
  j["bytes"] = g_state->load.bytes;
  j["bytesTotal"] = g_state->load.bytes_total;
  j["name"] = st.name;
  j["indexMs"] = st.index_ms;
  j["query"] = g_state->filter.query;
  j["results"] = g_state->replies.explore.total;
  j["filtered"] = g_state->replies.explore.total;
  j["updating"] = lede::actions::Updating(*g_state);  // a newer reply is on its way
  j["error"] = st.error;
  j["frameMs"] = g_state->perf.frame_ms_avg;
  j["uiMs"] = g_state->perf.ui_ms_avg;
  j["frameMsMax"] = g_state->perf.frame_ms_max;          // longest of the last 60 frames
  j["inputToDrawMs"] = g_state->perf.input_to_draw_ms;   // last query edit to its reply drawn (-1: none yet)
  j["wasmMemory"] = EM_ASM_DOUBLE({ return HEAP8.length; });
  j["firstFrameMs"] = lede::platform::g_first_frame_ms;
  j["readyMs"] = lede::platform::g_ready_ms;
  j["selected"] = g_state->selected;
  j["cjkFont"] = g_state->fonts.cjk_loaded;
  static const char* kEntityPhases[] = {"waiting", "extracting", "ready"};
  j["entityPhase"] = kEntityPhases[int(st.entity_phase)];
  j["entityProgress"] = st.entity_progress;
  j["entitiesMs"] = st.extract_ms;          // extraction work (gazetteer, articles, harmonizing), summed over frames
  j["entitiesWallMs"] = st.entity_wall_ms;  // first extraction frame to the table, wall clock
  j["entityTableMs"] = st.entity_build_ms;
  j["entities"] = st.entities;
  j["corrections"] = g_state->entities.corrections.ops.size();
  j["entitySource"] = lede::EntitySourceName(g_state->entities.source);
  return Out(j);
}

// Rectangles of what the last frame drew (CSS pixels): list rows and the reader's article.
EMSCRIPTEN_KEEPALIVE const char* lede_probe_json() {
  const lede::UiProbe& p = lede::LastFrameProbe();
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : p.rows)
    rows.push_back({{"id", r.id}, {"row", r.row}, {"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}});
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
              {"textFields", [&] { nlohmann::json a = nlohmann::json::array(); for (const auto& r : p.text_fields) a.push_back(rect(r)); return a; }()},
              {"entityRows", entity_rows}, {"readerMarks", marks}, {"pane", g_state->ui.pane == lede::RightPane::kEntities ? "entities" : "reader"},
              {"entitiesTab", rect(p.entities_tab)}, {"readerTab", rect(p.reader_tab)}, {"hideEntity", rect(p.hide_entity)},
              {"renameEntity", rect(p.rename_entity)}, {"mergeEntity", rect(p.merge_entity)},
              {"undoCorrection", rect(p.undo_correction)}, {"exportCorrections", rect(p.export_corrections)},
              {"importCorrections", rect(p.import_corrections)},
              {"textInput", lede::platform::g_ime.want}});
}

// A query's top hits, without touching the UI: returns a ticket; the reply ({hits: [{id, title, date,
// score}], errors, total, ms}) goes to Module.ledeReply(ticket, json) from a later frame. 0: no corpus open.
EMSCRIPTEN_KEEPALIVE double lede_search_begin(const char* query, int limit) {
  return double(lede::actions::BridgeSearch(*g_state, query, limit > 0 ? size_t(limit) : 20));
}

// Follows the browser's light / dark preference when it changes (embed.js listens to prefers-color-scheme).
EMSCRIPTEN_KEEPALIVE void lede_set_dark(int dark) {
  lede::SetupStyle(dark != 0);
}

namespace {
// A text field being edited keeps its own copy of the text: after a change from outside (the page's API,
// the host page's messages) it reloads the new query instead of writing its old text back.
void ReloadTextField() {
  if (ImGuiInputTextState* field = ImGui::GetInputTextState(ImGui::GetActiveID())) field->ReloadUserBufAndMoveToEnd();
}
}  // namespace

// Puts a query in the search box and runs it, as if typed.
EMSCRIPTEN_KEEPALIVE void lede_set_query(const char* query) {
  lede::actions::SetQuery(*g_state, query);
  ReloadTextField();
}

// Keyboard focus left this instance (to the page or another instance) or came back: no key stays held,
// and the field being edited lets go (keeping what was typed).
EMSCRIPTEN_KEEPALIVE void lede_focus(int focused) {
  if (!focused && ImGui::GetIO().WantTextInput) ImGui::ClearActiveID();
  ImGui::GetIO().AddFocusEvent(focused != 0);
}

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
                      {"article", !st.selected.empty() ? nlohmann::json(st.selected) : nlohmann::json()},
                      {"sort", st.sort == lede::SortOrder::kRelevance ? "relevance" : st.sort == lede::SortOrder::kNewest ? "newest" : "oldest"},
                      {"view", {day(st.timeline.view_from), day(st.timeline.view_to)}},
                      {"link", lede::actions::EncodeLink(st)}};
  return Out(j);
}

// Applies a view state given as a link fragment (what getState().link holds).
EMSCRIPTEN_KEEPALIVE void lede_set_link(const char* fragment) {
  lede::actions::ApplyLink(*g_state, fragment);
  ReloadTextField();
}

// Opens the article with this id in the reader. Returns 0 when the source knows there is no such article.
EMSCRIPTEN_KEEPALIVE int lede_select(const char* id) {
  return lede::actions::SelectArticle(*g_state, id) ? 1 : 0;
}

// ---- the corpus, from embed.js: a URL it fetched, a dropped or picked file, or inline data ----
EMSCRIPTEN_KEEPALIVE void lede_load_begin(const char* label) { lede::actions::BeginLoad(*g_state, label); }
EMSCRIPTEN_KEEPALIVE void lede_load_progress(double received, double total) {
  lede::actions::LoadProgress(*g_state, received, total);
}
// data: len bytes the caller owns (copied here).
EMSCRIPTEN_KEEPALIVE void lede_load_bytes(const char* data, int len, const char* label, double fetch_ms) {
  lede::actions::LoadCorpusBytes(*g_state, std::string_view(data, size_t(len)), label, fetch_ms);
  if (!g_state->status.error.empty()) std::fprintf(stderr, "lede: %s: %s\n", label, g_state->status.error.c_str());
}
EMSCRIPTEN_KEEPALIVE void lede_load_failed(const char* label, const char* error) {
  lede::actions::FailLoad(*g_state, label, error);
}

// ---- text from the hidden input element (typing, soft keyboards, IME composition, paste) ----
EMSCRIPTEN_KEEPALIVE void lede_text(const char* utf8) { ImGui::GetIO().AddInputCharactersUTF8(utf8); }
// A key typed into the hidden input: code is KeyboardEvent.code; mods bit 0 Ctrl, 1 Shift, 2 Alt, 3 Meta.
// Meta (Cmd on a Mac) counts as Ctrl: ImGui's shortcuts in the web build are Ctrl+C, Ctrl+V, ...
EMSCRIPTEN_KEEPALIVE void lede_key(const char* code, int down, int mods) {
  ImGuiIO& io = ImGui::GetIO();
  g_ctrl = (mods & (1 | 8)) != 0;
  io.AddKeyEvent(ImGuiMod_Ctrl, g_ctrl);
  io.AddKeyEvent(ImGuiMod_Shift, (mods & 2) != 0);
  io.AddKeyEvent(ImGuiMod_Alt, (mods & 4) != 0);
  const ImGuiKey key = KeyFromCode(code);
  if (key != ImGuiKey_None) io.AddKeyEvent(key, down != 0);
}
// Text from the browser's paste event: ImGui pastes it as from its own Ctrl+V (replacing a selection).
EMSCRIPTEN_KEEPALIVE void lede_paste(const char* utf8) {
  std::string text = utf8;
  for (char& c : text) if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  lede::platform::g_clipboard = text;
  ImGuiIO& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiMod_Ctrl, true);
  io.AddKeyEvent(ImGuiKey_V, true);
  io.AddKeyEvent(ImGuiKey_V, false);
  io.AddKeyEvent(ImGuiMod_Ctrl, g_ctrl);
}
// The system clipboard's text, from a paste event: what ImGui's paste reads next.
EMSCRIPTEN_KEEPALIVE void lede_clipboard(const char* utf8) { lede::platform::g_clipboard = utf8; }

}  // extern "C"

// ---- entities ----
extern "C" {

// Entities by articles in the whole corpus (hidden ones left out): a ticket; the reply is [{name, type,
// articles, mentions, selected (articles in the current filter), hidden}], empty until extraction is done.
EMSCRIPTEN_KEEPALIVE double lede_entities_begin(int limit) {
  return double(lede::actions::BridgeEntities(*g_state, limit > 0 ? size_t(limit) : 0));
}

// One entity by name or alias: a ticket; the reply has first/last, aliases and co-occurring entities, or is
// null when the name is unknown.
EMSCRIPTEN_KEEPALIVE double lede_entity_begin(const char* name) {
  return double(lede::actions::BridgeEntity(*g_state, name));
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
