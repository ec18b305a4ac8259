// frames.h: drive the app's UI headlessly in tests (no window, no GL): draw frames and click like a user.
// Used by the UI frame tests; ImGui's context, fonts and the AppState are the test fixture's. Each frame
// ticks the source first, as main() does, so a request made in one frame is answered by the next.
#pragma once
#include <imgui.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/actions.h"
#include "app/app_state.h"
#include "app/ui.h"
#include "source/local_source.h"

namespace lede::test {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Opens a LocalSource over bytes in the app. The returned engine lives as long as the app keeps that
// source (until the next corpus), for checking answers against the core's own.
inline const LocalSource* OpenCorpus(AppState& state, std::string_view bytes, std::string label) {
  auto src = std::make_unique<LocalSource>();
  const LocalSource* engine = src.get();
  src->Open(bytes, label, 0);
  actions::OpenSource(state, std::move(src), std::move(label));
  return engine;
}

// A fresh ImGui context sized like a laptop window, the app's style and fonts, and the bundled sample
// corpus handed to a LocalSource (parsing starts; the caller finishes it). Null when the fonts are missing.
inline const LocalSource* StartApp(AppState& state) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
  io.DisplaySize = ImVec2(1400, 900);
  io.DeltaTime = 1.0f / 60.0f;
  SetupStyle(false);
  if (!LoadFonts(state, LEDE_FONT_DIR, false)) return nullptr;
  return OpenCorpus(state, ReadFile(LEDE_SOURCE_DIR "/assets/corpus.json"), "assets/corpus.json");
}

// Draws n frames of the whole app, each after a Tick of the source (none when tick_ms is 0).
inline void DrawFrames(AppState& state, int n = 1, double tick_ms = 8.0) {
  for (int i = 0; i < n; ++i) {
    if (tick_ms > 0) actions::Tick(state, tick_ms);
    ImGui::NewFrame();
    DrawApp(state);
    ImGui::Render();
  }
}

// Every row of the current list, by id (asks the source for all of them and waits for the reply).
inline std::vector<std::string> AllRows(AppState& state) {
  actions::Settle(state);
  actions::WantRows(state, 0, state.replies.explore.total);
  actions::Settle(state);
  std::vector<std::string> ids;
  for (size_t r = 0; r < state.replies.explore.total; ++r) {
    const ArticleSummary* a = actions::RowAt(state, r);
    ids.push_back(a ? a->id : "(row " + std::to_string(r) + " missing)");
  }
  return ids;
}

// Article positions as ids.
inline std::vector<std::string> Ids(const LocalSource& engine, const std::vector<uint32_t>& docs) {
  std::vector<std::string> ids;
  for (uint32_t d : docs) ids.push_back(engine.corpus().articles[d].id);
  return ids;
}

// Moves the mouse to (x, y), presses and releases the left button (with Ctrl held if asked), a frame per
// step as ImGui needs.
inline void ClickAt(AppState& state, float x, float y, bool ctrl = false) {
  ImGuiIO& io = ImGui::GetIO();
  io.AddMousePosEvent(x, y);
  if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
  DrawFrames(state);
  io.AddMouseButtonEvent(0, true);
  DrawFrames(state);
  io.AddMouseButtonEvent(0, false);
  DrawFrames(state);
  if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
  DrawFrames(state);
  actions::Settle(state);
}

}  // namespace lede::test
