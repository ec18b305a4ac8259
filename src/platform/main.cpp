// main.cpp: the one main() of the Lede app, for the native and the web build.
// Straight line, as in Dear ImGui's SDL2 + OpenGL3 example: SDL, GL attributes (ES 3 / WebGL2 on the web),
// window and context, ImGui and its backends, the loop, cleanup in reverse. Platform differences are behind
// platform.h.
#include <SDL.h>
#ifdef __EMSCRIPTEN__
#include <SDL_opengles2.h>
#else
#include <SDL_opengl.h>
#endif
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "app/actions.h"
#include "app/ui.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl2.h"
#include "platform/platform.h"

namespace {

struct Main {
  SDL_Window* window = nullptr;
  lede::AppState state;
  lede::platform::Options options;
  unsigned started_serial = 0;   // state.load.serial of the last load whose start-up view was applied
  unsigned notified_serial = 0;  // state.load.serial of the last load whose end was announced
  int corpora_loaded = 0;        // loads ended so far
  int frames = 0;
  std::string last_link;
  int stored_corrections = 0;  // corrections_version last handed to the platform's storage
  std::chrono::steady_clock::time_point last_input;  // last mouse, key or wheel event
  std::map<SDL_FingerID, ImVec2> fingers;  // touch points down now, in window coordinates
};

// Two fingers down: their distance and midpoint turn into state.ui.pinch_* for the timeline.
void TrackTouch(Main& m, const SDL_Event& e) {
  if (e.type != SDL_FINGERDOWN && e.type != SDL_FINGERMOTION && e.type != SDL_FINGERUP) return;
  int w = 0, h = 0;
  SDL_GetWindowSize(m.window, &w, &h);
  auto spread = [&]() {
    const ImVec2 a = m.fingers.begin()->second, b = std::next(m.fingers.begin())->second;
    return std::make_pair(std::hypot(a.x - b.x, a.y - b.y), (a.x + b.x) * 0.5f);
  };
  const bool pair_before = m.fingers.size() == 2;
  const float before = pair_before ? spread().first : 0;
  const ImVec2 at(e.tfinger.x * float(w), e.tfinger.y * float(h));
  if (e.type == SDL_FINGERUP) m.fingers.erase(e.tfinger.fingerId);
  else m.fingers[e.tfinger.fingerId] = at;
  auto& ui = m.state.ui;
  ui.pinching = m.fingers.size() >= 2;
  if (e.type == SDL_FINGERMOTION && pair_before && m.fingers.size() == 2 && before > 8) {
    const auto [after, mid] = spread();
    ui.pinch_scale *= after / before;
    ui.pinch_x = mid;
  }
}

bool Frame(void* user) {
  Main& m = *static_cast<Main*>(user);
  const auto t0 = std::chrono::steady_clock::now();
  SDL_Event event;
  m.state.ui.pinch_scale = 1.0f;
  while (SDL_PollEvent(&event)) {
    TrackTouch(m, event);
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_MOUSEMOTION || event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_MOUSEWHEEL ||
        event.type == SDL_KEYDOWN || event.type == SDL_TEXTINPUT)
      m.last_input = t0;
    if (event.type == SDL_QUIT) return false;
    if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
        event.window.windowID == SDL_GetWindowID(m.window))
      return false;
  }
  lede::platform::BeginFrame(m.window);

  lede::AppState& state = m.state;
  // Reading, indexing and finding names in a large corpus, a slice per frame: short slices while the
  // journalist is using the app, longer ones (fewer frames, less overhead) while nobody touches it.
  const bool idle = t0 - m.last_input > std::chrono::milliseconds(400);
  lede::actions::Tick(state, idle ? 80.0 : 25.0);
  lede::platform::DeliverReplies(state, lede::actions::TakeBridgeReplies(state));  // the JS API's promises
  const bool settled = state.status.phase == lede::LoadPhase::kReady || state.status.phase == lede::LoadPhase::kFailed;
  if (settled && state.load.serial != m.started_serial) {  // a corpus finished loading (or failed to)
    m.started_serial = state.load.serial;
    if (state.status.phase == lede::LoadPhase::kReady) {  // this corpus's corrections, kept by the platform
      const std::string saved = lede::platform::LoadStoredCorrections(state);
      if (!saved.empty()) lede::actions::RestoreCorrections(state, saved);
      m.stored_corrections = state.entities.corrections_version;
    }
    if (m.corpora_loaded++ == 0) {  // the start-up view applies to the first corpus only, not to one opened later
      if (!m.options.link.empty()) lede::actions::ApplyLink(state, m.options.link);
      if (!m.options.select_id.empty()) lede::actions::SelectArticle(state, m.options.select_id);
    }
  }
  // Announced once the first view's reply is here, so that stats() at `ready` describes what shows.
  if (settled && state.load.serial == m.started_serial && m.notified_serial != m.started_serial &&
      !lede::actions::Updating(state)) {
    m.notified_serial = m.started_serial;
    lede::platform::NotifyLoaded(state);
  }
  if (state.status.has_cjk && !state.fonts.cjk_loaded && lede::platform::CjkFontReady(state))
    lede::LoadFonts(state, lede::platform::FontsDir(), true);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  lede::DrawApp(state);
  ImGui::Render();
  const auto t_ui = std::chrono::steady_clock::now();
  if (lede::LastFrameProbe().open_file_clicked) lede::platform::PickCorpusFile();
  if (state.status.phase == lede::LoadPhase::kReady && m.notified_serial == state.load.serial) {  // after `ready`
    const std::string link = lede::actions::EncodeLink(state);
    if (lede::LastFrameProbe().copy_link_clicked) {
      lede::platform::CopyLink(link);
      lede::actions::LinkCopied(state, ImGui::GetTime());
    }
    if (link != m.last_link) {
      lede::platform::SyncLink(link);
      m.last_link = link;
    }
    const auto& en = state.entities;
    if (en.corrections_version != m.stored_corrections) {
      lede::platform::StoreCorrections(state, lede::actions::CorrectionsJson(state));
      m.stored_corrections = en.corrections_version;
    }
    if (lede::LastFrameProbe().export_clicked) {
      bool ok = false;
      std::string message = lede::platform::ExportCorrections(lede::actions::CorrectionsJson(state), &ok);
      lede::actions::SetEntityMessage(state, std::move(message), !ok);
    }
    if (lede::LastFrameProbe().import_clicked) lede::platform::ImportCorrections(state);
  }
  lede::platform::AfterFrame(state);

  ImGuiIO& io = ImGui::GetIO();
  glViewport(0, 0, int(io.DisplaySize.x * io.DisplayFramebufferScale.x), int(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  const auto t_end = std::chrono::steady_clock::now();
  lede::actions::RecordFrameTime(state, std::chrono::duration<double, std::milli>(t_end - t0).count(),
                                 std::chrono::duration<double, std::milli>(t_ui - t0).count());
  SDL_GL_SwapWindow(m.window);
  ++m.frames;
  return m.options.max_frames == 0 || m.frames < m.options.max_frames;
}

}  // namespace

int main(int argc, char** argv) {
  static Main m;  // outlives main() on the web, where the browser keeps calling Frame
  if (!lede::platform::ParseOptions(argc, argv, &m.options)) return 2;

  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "lede: SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
#ifdef __EMSCRIPTEN__
  const char* glsl_version = "#version 300 es";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
  const char* glsl_version = "#version 130";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#endif
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 8);
  const auto window_flags = SDL_WindowFlags(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  m.window = SDL_CreateWindow(lede::platform::WindowTitle(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800, window_flags);
  if (!m.window) {
    std::fprintf(stderr, "lede: cannot create a window: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GLContext gl_context = SDL_GL_CreateContext(m.window);
  if (!gl_context) {
    std::fprintf(stderr, "lede: cannot create an OpenGL context: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(m.window, gl_context);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  lede::SetupStyle(m.options.dark);
  ImGui_ImplSDL2_InitForOpenGL(m.window, gl_context);
  ImGui_ImplOpenGL3_Init(glsl_version);
  lede::platform::AfterImGuiInit(m.state);
  lede::LoadFonts(m.state, lede::platform::FontsDir(), false);

  lede::platform::SetBridgeState(&m.state);
  lede::platform::StartCorpusLoad(m.state, m.options);
  lede::platform::RunLoop(Frame, &m);

  std::printf("lede: %zu articles, %d frames, reader=%s, frame %.2f ms\n", m.state.status.articles,
              m.frames, lede::LastFrameProbe().reader_id.c_str(), m.state.perf.frame_ms_avg);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl_context);
  SDL_DestroyWindow(m.window);
  SDL_Quit();
  return m.state.status.phase == lede::LoadPhase::kReady ? 0 : 1;
}
