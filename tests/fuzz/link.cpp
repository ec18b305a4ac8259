// tests/fuzz/link.cpp: the view-state link parser (actions::ApplyLink, src/app/actions.h) on arbitrary
// fragments, over the bundled corpus loaded, indexed and with its entity table, as the app has it. The web
// API's setState and the embed's link option reach the app through the same ApplyLink.
//
// Oracle: applying any fragment leaves a consistent state (the selected article, if any, is a valid index;
// the date range is open or from < to; the granularity is automatic or one of the four), and links are
// stable: after ApplyLink(x), the link EncodeLink gives, applied again, encodes to the very same link.
//
// fuzz: -max_len=512 -dict=link.dict
// seeds: links
#include "app/actions.h"
#include "fuzz.h"

namespace {

struct Loaded {
  lede::AppState state;
  int64_t view_from = 0, view_to = 0;
  Loaded() {
    lede::actions::LoadCorpusBytes(state, lede::fuzz::ReadSourceFile("assets/corpus.json"), "assets/corpus.json", 0);
    lede::actions::FinishIndexing(state);
    lede::actions::FinishEntities(state);
    if (state.load.phase != lede::LoadPhase::kReady) std::abort();
    view_from = state.timeline.view_from;
    view_to = state.timeline.view_to;
  }
};

void Consistent(const lede::AppState& s, std::string_view link) {
  using lede::fuzz::Printable;
  FUZZ_CHECK(s.selected >= -1 && s.selected < int(s.load.corpus.articles.size()), "selected " << s.selected << " after " << Printable(link));
  FUZZ_CHECK(!s.filter.has_dates() || s.filter.from < s.filter.to, "date range [" << s.filter.from << ", " << s.filter.to
                                                                                 << ") after " << Printable(link));
  FUZZ_CHECK(s.timeline.granularity >= -1 && s.timeline.granularity < 4, "granularity " << s.timeline.granularity);
  FUZZ_CHECK(s.timeline.view_from < s.timeline.view_to, "an empty timeline view after " << Printable(link));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using lede::fuzz::Printable;
  static Loaded* const loaded = new Loaded;
  lede::AppState& state = loaded->state;
  // Every input starts from the same view (a link without "view" keeps the current one).
  lede::actions::SetTimelineView(state, loaded->view_from, loaded->view_to);
  state.undo.clear();

  const std::string_view fragment(reinterpret_cast<const char*>(data), size);
  lede::actions::ApplyLink(state, fragment);
  Consistent(state, fragment);
  const std::string link = lede::actions::EncodeLink(state);
  lede::actions::ApplyLink(state, link);
  Consistent(state, link);
  const std::string again = lede::actions::EncodeLink(state);
  FUZZ_CHECK(again == link, "the link is not stable:\n  input  " << Printable(fragment) << "\n  link   " << Printable(link)
                                                                 << "\n  again  " << Printable(again));
  return 0;
}
