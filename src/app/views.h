// views.h: one function per view, each drawing inside the current ImGui child region.
// Views read a const AppState and queue actions:: in Intents to change it (DrawApp applies them after
// every view drew). All views are listed here.
#pragma once
#include "app/actions.h"
#include "app/app_state.h"
#include "app/ui.h"

namespace lede {

void DrawResults(const AppState& state, Intents& act, UiProbe& probe);      // view_results.cpp: search box and list
void DrawTimeline(const AppState& state, Intents& act, UiProbe& probe);     // view_timeline.cpp
void DrawFacets(const AppState& state, Intents& act, UiProbe& probe);       // view_facets.cpp: facet lists
void DrawFilterBar(const AppState& state, Intents& act, UiProbe& probe);    // view_facets.cpp: chips, undo, copy link
void DrawReader(const AppState& state, Intents& act, UiProbe& probe);       // view_reader.cpp
void DrawLoadReport(const AppState& state, Intents& act);                 // view_load_report.cpp (a modal window)
void DrawEntities(const AppState& state, Intents& act, UiProbe& probe);     // view_entities.cpp: entity table, details, corrections

// Shared colours of the theme (set by SetupStyle).
struct Palette {
  unsigned int text_muted, accent, row_hover, row_selected, rule, chip_bg, warn, highlight, snippet,
      chip_exclude, brush, bar_total, bar_outside;
  unsigned int entity[4];     // per EntityType (person, organization, place, other): text marks, dots, lines
  unsigned int entity_bg[4];  // the same, faint: behind mentions in the reader
};
const Palette& Colors();

// "2014-01-01 to 2015-12-31" for the filter's date range (inclusive last day; "start"/"end" when open).
std::string DateRangeLabel(const Filter& f);

}  // namespace lede
