// Keys tapped between two frames. ImGui 1.86 reads keys as a held state (io.KeysDown), so a
// press and its release that both arrive before the next frame are never seen: on a busy
// machine, or from a fast typist, Enter in a field did nothing. Here a release that no frame
// has seen the press of waits until the next frame has begun, and so read the press (ImGui
// 1.87's input queue does the same; Debian's ImGui is 1.86).
#pragma once

struct GLFWwindow;

namespace mlgate::client::keys {

// Put in front of the ImGui GLFW backend's key callback; after ImGui_ImplGlfw_InitForOpenGL.
void install(GLFWwindow* window);
// Once a frame, after ImGui::NewFrame(): the frame has seen every press so far, so the
// releases held back for it are delivered.
void frame_seen();

}  // namespace mlgate::client::keys
