// view_load_report.cpp: what happened while loading the corpus: counts, then every warning with where.
#include "app/views.h"
#include "imgui.h"

namespace lede {

void DrawLoadReport(const AppState& state, Intents& act) {
  if (!state.ui.show_load_report) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(640, 420), ImGuiCond_Appearing);
  bool open = true;
  const bool shown = ImGui::Begin("Load report", &open, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse);
  if (!open) act([](AppState& s) { actions::ShowLoadReport(s, false); });
  if (!shown) {
    ImGui::End();
    return;
  }
  const LoadReport& r = state.status.report;
  ImGui::TextWrapped("%s", state.status.label.c_str());
  if (!r.error.empty()) ImGui::TextColored(ImColor(Colors().warn), "Error: %s", r.error.c_str());
  ImGui::Text("%zu loaded, %zu skipped, %zu repaired, %zu undated, in %.1f ms", r.articles_loaded,
              r.articles_skipped, r.articles_repaired, r.articles_undated, r.load_ms);
  ImGui::Separator();
  ImGui::BeginChild("warnings");
  for (const LoadWarning& w : r.warnings) {
    ImGui::TextColored(ImColor(Colors().text_muted), "%s", w.where.c_str());
    ImGui::SameLine();
    ImGui::TextWrapped("%s", w.message.c_str());
  }
  if (r.warnings_dropped) ImGui::Text("... and %zu more", r.warnings_dropped);
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace lede
