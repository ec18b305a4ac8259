// webgl_state.cpp: answers the GL state queries Dear ImGui's OpenGL3 backend makes every frame to save and
// restore GL state around its drawing, without asking WebGL (web build only).
//
// Each glGetIntegerv is a WebGL getParameter(), which waits for the GPU process to catch up: ~20 of them a
// frame cost tens of milliseconds in Chromium (measured with the DevTools profiler). Lede owns its GL
// context and sets the state it needs before drawing, so there is nothing to save: the backup queries
// report GL's initial state and the backend's "restore" resets to it. Any other query goes to WebGL.
// CMake compiles imgui_impl_opengl3.cpp with -DglGetIntegerv=lede_glGetIntegerv -DglIsEnabled=lede_glIsEnabled.
#include <GLES3/gl3.h>

extern "C" void lede_glGetIntegerv(GLenum pname, GLint* data) {
  switch (pname) {
    case GL_ACTIVE_TEXTURE: data[0] = GL_TEXTURE0; return;
    case GL_CURRENT_PROGRAM:
    case GL_TEXTURE_BINDING_2D:
    case GL_SAMPLER_BINDING:
    case GL_ARRAY_BUFFER_BINDING:
    case GL_ELEMENT_ARRAY_BUFFER_BINDING:
    case GL_VERTEX_ARRAY_BINDING: data[0] = 0; return;
    case GL_VIEWPORT:
    case GL_SCISSOR_BOX: data[0] = data[1] = data[2] = data[3] = 0; return;
    case GL_BLEND_SRC_RGB:
    case GL_BLEND_SRC_ALPHA: data[0] = GL_ONE; return;
    case GL_BLEND_DST_RGB:
    case GL_BLEND_DST_ALPHA: data[0] = GL_ZERO; return;
    case GL_BLEND_EQUATION_RGB:
    case GL_BLEND_EQUATION_ALPHA: data[0] = GL_FUNC_ADD; return;
    default: glGetIntegerv(pname, data);
  }
}

// Capabilities the backend saves: none of them is wanted enabled between frames.
extern "C" GLboolean lede_glIsEnabled(GLenum) { return GL_FALSE; }
