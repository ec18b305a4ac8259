// frames.h: drive the app's UI headlessly in tests (no window, no GL): draw frames and click like a user.
// Used by the UI frame tests; ImGui's context, fonts and the AppState are the test fixture's.
#pragma once
#include <imgui.h>

#include <fstream>
#include <sstream>

#include "app/actions.h"
#include "app/app_state.h"
#include "app/ui.h"

namespace lede::test {

// A fresh ImGui context sized like a laptop window, the app's style and fonts, and the bundled sample
// corpus handed to the loader (parsing starts; the caller finishes it). False when the fonts are missing.
inline bool StartApp(AppState& state) {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
  io.DisplaySize = ImVec2(1400, 900);
  io.DeltaTime = 1.0f / 60.0f;
  SetupStyle(false);
  if (!LoadFonts(state, LEDE_FONT_DIR, false)) return false;
  std::ifstream in(LEDE_SOURCE_DIR "/assets/corpus.json", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  actions::LoadCorpusBytes(state, ss.str(), "assets/corpus.json", 0);
  return true;
}

// Draws n frames of the whole app.
inline void DrawFrames(AppState& state, int n = 1) {
  for (int i = 0; i < n; ++i) {
    ImGui::NewFrame();
    DrawApp(state);
    ImGui::Render();
  }
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
}

}  // namespace lede::test
