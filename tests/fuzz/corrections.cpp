// tests/fuzz/corrections.cpp: the entity corrections file (ParseCorrections / FormatCorrections in
// core/entities.h) on arbitrary bytes.
//
// Oracle: parsing never crashes; failure comes with an error; each skipped op comes with a warning naming
// it (ops[N]: ...); every kept op has a name, merges and renames a target. The file format round-trips:
// parse(format(parse(x))) == parse(x), op by op, with no error and no warning, and formatting that again
// gives the same text.
//
// fuzz: -max_len=4096 -dict=corrections.dict
// seeds: corrections
#include "core/entities.h"
#include "fuzz.h"

namespace {

using lede::Correction;
using lede::fuzz::Printable;

bool Same(const Correction& a, const Correction& b) {
  return a.op == b.op && a.name == b.name && a.target == b.target &&
         (a.op != Correction::Op::kType || a.type == b.type);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  lede::Corrections parsed;
  std::string error;
  std::vector<std::string> warnings;
  if (!lede::ParseCorrections(text, &parsed, &error, &warnings)) {
    FUZZ_CHECK(!error.empty(), "ParseCorrections failed without an error");
    return 0;
  }
  for (const std::string& w : warnings) FUZZ_CHECK(w.rfind("ops[", 0) == 0, "warning without its op: " << Printable(w));
  for (const Correction& c : parsed.ops) {
    FUZZ_CHECK(!c.name.empty(), "an op without a name was kept");
    const bool needs_target = c.op == Correction::Op::kMerge || c.op == Correction::Op::kRename;
    FUZZ_CHECK(!needs_target || !c.target.empty(), "a merge or rename without a target was kept");
  }

  const std::string formatted = lede::FormatCorrections(parsed);
  lede::Corrections again;
  std::string error2;
  std::vector<std::string> warnings2;
  FUZZ_CHECK(lede::ParseCorrections(formatted, &again, &error2, &warnings2),
             "FormatCorrections wrote a file ParseCorrections rejects: " << error2 << "\n" << Printable(formatted, 2000));
  FUZZ_CHECK(warnings2.empty(), "the formatted file has a skipped op: " << warnings2[0]);
  FUZZ_CHECK(again.ops.size() == parsed.ops.size(), parsed.ops.size() << " ops became " << again.ops.size());
  for (size_t i = 0; i < parsed.ops.size(); ++i)
    FUZZ_CHECK(Same(parsed.ops[i], again.ops[i]), "op " << i << " changed: name " << Printable(parsed.ops[i].name)
                                                         << " -> " << Printable(again.ops[i].name) << ", target "
                                                         << Printable(parsed.ops[i].target) << " -> " << Printable(again.ops[i].target));
  FUZZ_CHECK(lede::FormatCorrections(again) == formatted, "formatting is not stable");
  return 0;
}
