// tests/fuzz/link.cpp: the view-state link parser (actions::ApplyLink, src/app/actions.h) on arbitrary
// fragments, over the bundled corpus loaded, indexed and with its entity table, as the app has it. The web
// API's setState and the embed's link option reach the app through the same ApplyLink.
//
// Oracle: applying any fragment leaves a consistent state (the selected article, if any, is in the corpus;
// the date range is open or from < to; the granularity is automatic or one of the four), and links are
// stable: after ApplyLink(x), the link EncodeLink gives, applied again, encodes to the very same link.
//
// fuzz: -max_len=512 -dict=link.dict
// seeds: links
#include "app/actions.h"
#include "source/local_source.h"
#include "fuzz.h"

namespace {

struct Loaded {
  lede::AppState state;
  const lede::LocalSource* engine = nullptr;  // owned by state's source slot
  int64_t view_from = 0, view_to = 0;
  Loaded() {
    auto source = std::make_unique<lede::LocalSource>();
    engine = source.get();
    source->Open(lede::fuzz::ReadSourceFile("assets/corpus.json"), "assets/corpus.json", 0);
    lede::actions::OpenSource(state, std::move(source), "assets/corpus.json");
    lede::actions::FinishLoading(state, /*entities=*/true);
    if (state.status.phase != lede::SourcePhase::kReady) std::abort();
    view_from = state.timeline.view_from;
    view_to = state.timeline.view_to;
  }
};

void Consistent(const lede::AppState& s, const lede::LocalSource& engine, std::string_view link) {
  using lede::fuzz::Printable;
  FUZZ_CHECK(s.selected.empty() || engine.HasArticle(s.selected) == 1, "selected " << Printable(s.selected) << " after " << Printable(link));
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
  lede::actions::Settle(state);
  Consistent(state, *loaded->engine, fragment);
  const std::string link = lede::actions::EncodeLink(state);
  lede::actions::ApplyLink(state, link);
  lede::actions::Settle(state);
  Consistent(state, *loaded->engine, link);
  const std::string again = lede::actions::EncodeLink(state);
  FUZZ_CHECK(again == link, "the link is not stable:\n  input  " << Printable(fragment) << "\n  link   " << Printable(link)
                                                                 << "\n  again  " << Printable(again));
  return 0;
}
