#include "key_taps.hpp"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <vector>

#include "imgui_impl_glfw.h"

namespace mlgate::client::keys {
namespace {

struct Release {
  GLFWwindow* window;
  int key, scancode, mods;
};

std::vector<int> unseen_presses;  // keys pressed since the last frame began
std::vector<Release> held_back;   // their releases, delivered once the next frame has begun

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  const auto unseen = std::find(unseen_presses.begin(), unseen_presses.end(), key);
  if (action == GLFW_PRESS) {
    if (unseen == unseen_presses.end()) unseen_presses.push_back(key);
  } else if (action == GLFW_RELEASE && unseen != unseen_presses.end()) {
    held_back.push_back({window, key, scancode, mods});
    return;
  }
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

}  // namespace

void install(GLFWwindow* window) { glfwSetKeyCallback(window, on_key); }

void frame_seen() {
  unseen_presses.clear();
  std::vector<Release> due;
  due.swap(held_back);
  for (const Release& r : due) ImGui_ImplGlfw_KeyCallback(r.window, r.key, r.scancode, GLFW_RELEASE, r.mods);
}

}  // namespace mlgate::client::keys
