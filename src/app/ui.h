// ui.h: the app's frame. DrawApp lays out the views for one ImGui frame; SetupStyle and LoadFonts prepare
// ImGui once. Used by the real app (src/platform/main.cpp) and by the headless frame test.
//
//   lede::SetupStyle(dark);  lede::LoadFonts(state, fonts_dir, with_cjk);   // after ImGui::CreateContext
//   each frame: ImGui::NewFrame(); lede::DrawApp(state); ImGui::Render();
#pragma once
#include <string>
#include <vector>

#include "app/app_state.h"

namespace lede {

void SetupStyle(bool dark);

// (Re)builds the atlas's fonts from fonts_dir (Inter for the UI, Noto Serif for reading; DroidSansFallback
// merged in when with_cjk). Safe between frames. Returns false, keeping ImGui's default font, when a file
// is missing. Sets state.fonts.
bool LoadFonts(AppState& state, const std::string& fonts_dir, bool with_cjk);

// Draws one frame of the app: the views read state, and what they asked for is applied at the end.
void DrawApp(AppState& state);

// Where things were drawn in the last frame, for tests and the JS bridge (screen coordinates in CSS px).
struct UiProbe {
  struct Row { std::string id; long row; float x, y, w, h; };
  std::vector<Row> rows;   // visible rows of the article list
  std::string reader_id;   // id of the article the reader drew, empty when none
  size_t reader_highlights = 0;  // highlighted ranges in it
  struct Rect { float x, y, w, h; };
  struct Facet { std::string kind, value; float x, y, w, h; };
  std::vector<Facet> facets;     // visible facet values
  struct { float x, y, w, h; int64_t from, to; } timeline{};  // plot area and the span it shows
  Rect copy_link{};
  bool copy_link_clicked = false;  // the platform copies EncodeLink to the clipboard
  bool open_file_clicked = false;  // the platform shows its file picker
  Rect search_box{};
  std::vector<Rect> text_fields;     // every text field drawn (search box, entity filter, rename, merge search)
  Rect entities_tab{}, reader_tab{};
  struct EntityRow { std::string name; float x, y, w, h; };
  std::vector<EntityRow> entity_rows;  // visible rows of the entity table
  std::vector<EntityRow> merge_options;  // the "Merge into..." picker's choices, when open
  Rect hide_entity{}, rename_entity{}, merge_entity{}, undo_correction{}, export_corrections{}, import_corrections{};
  bool export_clicked = false;   // the platform saves CorrectionsJson (web: a download)
  bool import_clicked = false;   // the platform asks for a file (web: a file picker)
  struct Mark { std::string name, type; bool in_title; float x, y, w, h; };
  std::vector<Mark> reader_marks;  // entity mentions drawn in the reader (first segment of each)
};
const UiProbe& LastFrameProbe();

}  // namespace lede
