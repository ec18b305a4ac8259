// platform.h: what main() needs from the platform, one implementation per platform
// (platform_native.cpp, platform_web.cpp; CMake picks one). main.cpp holds everything they share.
#pragma once
#include <string>

#include "app/app_state.h"

struct SDL_Window;

namespace lede::platform {

struct Options {
  std::string corpus;      // native: --corpus FILE (default: the bundled assets/corpus.json)
  int max_frames = 0;      // native: --frames N, stop after N frames (0: run until closed)
  std::string select_id;   // native: --select ID, open this article once loaded (for tests)
  bool dark = false;       // native: --dark; web: prefers-color-scheme
  std::string link;        // native: --link FRAGMENT; web: the page's #fragment. Applied once loaded.
  std::string corrections; // native: --corrections FILE, entity corrections read at start, saved on change
};

// Reads the command line (native) or the page (web). Returns false and prints usage on bad arguments.
bool ParseOptions(int argc, char** argv, Options* opt);

// The window's title: "Lede" natively; none on the web, where the page (or the host page) owns its title.
const char* WindowTitle();

// Directory holding the UI fonts.
std::string FontsDir();

// Starts obtaining the corpus; calls actions::LoadCorpusBytes / FailLoad now (native) or later (web).
void StartCorpusLoad(AppState& state, const Options& opt);

// Called at the start of every frame: keeps the window matched to the page (web), nothing natively.
void BeginFrame(SDL_Window* window);

// True once the CJK fallback font file is available in FontsDir() (fetched on demand on the web).
bool CjkFontReady(const AppState& state);

// Called once when loading ends (ready or failed): resolves window.lede.ready on the web.
void NotifyLoaded(const AppState& state);

// Copies a link to the view (fragment from actions::EncodeLink) to the system clipboard: on the web the
// page's address with that fragment; natively the fragment itself.
void CopyLink(const std::string& fragment);

// Keeps the page address in step with the view (web: history.replaceState), so reload restores it.
void SyncLink(const std::string& fragment);

// After the ImGui backends are set up: clipboard and text-input hooks (web), which views show (embed
// options). Nothing natively.
void AfterImGuiInit(AppState& state);

// Called after every frame's UI: tells the page what changed (web: the screen-reader mirror, the
// stateChanged / articleSelected events, where the text cursor is). Cheap when nothing changed.
void AfterFrame(const AppState& state);

// Shows the platform's file picker for a corpus (web); the chosen file replaces the corpus.
void PickCorpusFile();

// Runs frame() until it returns false. On the web the browser drives it (and it never returns).
void RunLoop(bool (*frame)(void*), void* user);

// Entity corrections kept between sessions (the FormatCorrections JSON): the web keeps them in localStorage
// per corpus; natively the --corrections file. Load returns "" when there are none.
std::string LoadStoredCorrections(const AppState& state);
void StoreCorrections(const AppState& state, const std::string& json);

// "Export": the web downloads the file; natively it is written to the --corrections file, or to
// lede-entity-corrections.json in the working directory. Returns a line for the journalist.
std::string ExportCorrections(const std::string& json, bool* ok);

// "Import": the web opens a file picker (the file arrives later, through lede_import_corrections);
// natively the export path is read now. Either way actions::ImportCorrections applies it.
void ImportCorrections(AppState& state);

// Replies to the JS API's requests (search, entities, entity), taken from the app after each Tick: the web
// resolves their promises; natively there are none.
void DeliverReplies(const AppState& state, const SourceReplies& replies);

// The app state the JS bridge reads; set by main().
void SetBridgeState(AppState* state);

}  // namespace lede::platform
