// platform_native.cpp: the desktop platform. Command line, fonts next to the executable, the corpus read
// from disk before the first frame, a plain loop (capped by --frames for tests under Xvfb).
#include <SDL.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "app/actions.h"
#include "platform/platform.h"

#ifndef LEDE_DEFAULT_CORPUS
#define LEDE_DEFAULT_CORPUS "assets/corpus.json"
#endif

namespace lede::platform {

namespace {
std::string g_corrections_path;  // --corrections FILE
const char* kDefaultExport = "lede-entity-corrections.json";

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text << "\n";
  return bool(out);
}
}  // namespace

bool ParseOptions(int argc, char** argv, Options* opt) {
  opt->corpus = LEDE_DEFAULT_CORPUS;
  for (int i = 1; i < argc; ++i) {
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) { std::fprintf(stderr, "lede: %s needs a value\n", name); return nullptr; }
      return argv[++i];
    };
    const char* a = argv[i];
    const char* v = nullptr;
    if (!std::strcmp(a, "--corpus")) { if (!(v = value(a))) return false; opt->corpus = v; }
    else if (!std::strcmp(a, "--frames")) { if (!(v = value(a))) return false; opt->max_frames = std::atoi(v); }
    else if (!std::strcmp(a, "--select")) { if (!(v = value(a))) return false; opt->select_id = v; }
    else if (!std::strcmp(a, "--link")) { if (!(v = value(a))) return false; opt->link = v; }
    else if (!std::strcmp(a, "--corrections")) { if (!(v = value(a))) return false; opt->corrections = v; }
    else if (!std::strcmp(a, "--dark")) opt->dark = true;
    else {
      std::fprintf(stderr,
                   "usage: lede [--corpus FILE] [--frames N] [--select ID] [--link FRAGMENT] [--corrections FILE] [--dark]\n"
                   "  --corpus FILE  corpus JSON or JSON Lines (default %s)\n"
                   "  --frames N     quit after N frames (tests)\n"
                   "  --select ID    open this article once loaded\n"
                   "  --link FRAG    restore a view from a copied link (q=...&from=...)\n"
                   "  --corrections FILE  entity corrections: read at start, saved on every change,\n"
                   "                 the file Export writes and Import reads (default ./%s for those)\n"
                   "  --dark         dark theme\n",
                   LEDE_DEFAULT_CORPUS, kDefaultExport);
      return false;
    }
  }
  g_corrections_path = opt->corrections;
  return true;
}

std::string FontsDir() {
  char* base = SDL_GetBasePath();
  std::string dir = base ? std::string(base) + "fonts" : "fonts";
  SDL_free(base);
  return dir;
}

void StartCorpusLoad(AppState& state, const Options& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  std::ifstream in(opt.corpus, std::ios::binary);
  if (!in) {
    actions::FailLoad(state, opt.corpus, "cannot open " + opt.corpus);
    std::fprintf(stderr, "lede: cannot open %s\n", opt.corpus.c_str());
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  actions::LoadCorpusBytes(state, ss.str(), opt.corpus, ms);
  const LoadReport& r = state.status.report;
  if (!r.error.empty()) std::fprintf(stderr, "lede: %s: %s\n", opt.corpus.c_str(), r.error.c_str());
  for (const auto& w : r.warnings) std::fprintf(stderr, "lede: %s: %s: %s\n", opt.corpus.c_str(), w.where.c_str(), w.message.c_str());
}

void BeginFrame(SDL_Window*) {}

bool CjkFontReady(const AppState&) { return true; }

void NotifyLoaded(const AppState&) {}

void CopyLink(const std::string& fragment) { SDL_SetClipboardText(fragment.c_str()); }

void SyncLink(const std::string&) {}

void RunLoop(bool (*frame)(void*), void* user) {
  while (frame(user)) {}
}

void SetBridgeState(AppState*) {}

std::string LoadStoredCorrections(const AppState&) {
  std::string text;
  if (!g_corrections_path.empty() && !ReadFile(g_corrections_path, &text))
    std::fprintf(stderr, "lede: %s does not exist yet; it will hold the corrections you make\n", g_corrections_path.c_str());
  return text;
}

void StoreCorrections(const AppState&, const std::string& json) {
  if (!g_corrections_path.empty() && !WriteFile(g_corrections_path, json))
    std::fprintf(stderr, "lede: cannot write %s\n", g_corrections_path.c_str());
}

std::string ExportCorrections(const std::string& json, bool* ok) {
  const std::string path = g_corrections_path.empty() ? kDefaultExport : g_corrections_path;
  *ok = WriteFile(path, json);
  return *ok ? "Exported to " + path : "Could not write " + path;
}

void ImportCorrections(AppState& state) {
  const std::string path = g_corrections_path.empty() ? kDefaultExport : g_corrections_path;
  std::string text;
  if (!ReadFile(path, &text)) {
    actions::SetEntityMessage(state, "Could not import: cannot open " + path, true);
    return;
  }
  actions::ImportCorrections(state, text);
}
const char* WindowTitle() { return "Lede"; }
void AfterImGuiInit(AppState&) {}
void AfterFrame(const AppState&) {}
void DeliverReplies(const AppState&, const SourceReplies&) {}
void PickCorpusFile() {}

}  // namespace lede::platform
