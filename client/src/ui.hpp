// Per-frame drawing with Dear ImGui: reads AppState, and turns clicks into navigation or
// requests through the web bridge. No state of its own beyond widget text buffers.
#pragma once
#include "core/app_state.hpp"

namespace mlgate::client::ui {

// The device pixel ratio: ImGui works in canvas pixels (CSS size × ratio), so layout sizes
// written for 1× go through px(), and published positions are divided back to CSS pixels.
void set_pixel_ratio(float ratio);
float pixel_ratio();
inline float px(float design) { return design * pixel_ratio(); }

void draw_app(AppState& app);  // the whole window: top bar, pane, status line
void draw_models(AppState& app);
void draw_audit(AppState& app);
void draw_chat(AppState& app);
void draw_chat_card(const ChatCard& card);
void draw_chat_action(AppState& app, const ChatAction& action);
void draw_test(AppState& app);
void draw_predict(AppState& app);
void draw_monitor(AppState& app);
// A button whose rectangle is published in the state as control `id` (see Control).
bool action_button(AppState& app, const char* label, const std::string& id);
// Publishes the last drawn item (a text field, say) as control `id`.
void publish_item(AppState& app, const std::string& id);
// A coloured badge for a stage: production green, staging amber, archived grey.
void stage_badge(const std::string& stage);

}  // namespace mlgate::client::ui
