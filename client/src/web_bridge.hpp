// The only file that talks to the page: fetch() through the JS glue in web/app.js, the URL
// fragment, the aria-live region and window.mlgate.state(). Everything else in the client
// is either pure logic (client/core) or ImGui drawing.
#pragma once
#include <string>
#include <vector>

#include "core/app_state.hpp"

namespace mlgate::client::web {

// The app the bridge serves; set once at start.
void attach(AppState* app);
void send(const std::vector<HttpRequest>& requests);
std::string current_fragment();
// Navigates inside the app: the fragment changes (a history entry, so Back works) and the
// new route's data is requested.
void go(const Route& r);
void set_live_text(const std::string& text);
// Moves the browser test along, once a frame: asks the page to load the model, hands it
// the next batch when the previous one is back.
void pump_test();
// Opens the file picker for a CSV (the page's hidden <input type=file id=csv-file>).
void pick_csv();
// Opens the file picker for an ONNX model and uploads it as a new version of `model`;
// `features` ("a,b,c", may be empty) names the columns of a single-tensor model.
void pick_model(const std::string& model, const std::string& features);
// Test on server: opens the picker for a CSV the page holds (its first lines come back
// through mlgate_on_server_csv), then uploads it to `path` with progress.
void pick_server_csv();
void upload_server_test(const std::string& path);
// Opens the file picker for a file to hand to the chat agent (a model or a CSV).
void pick_chat_file();
// The chat input is a real <textarea> laid over the canvas (IME and composed characters
// never reach a canvas): place it over `rect` this frame. Call hide_chat_input() at the
// start of a frame; the position is applied by end_frame() only when it changed.
void show_chat_input(float x, float y, float w, float h);
void hide_chat_input();
void end_frame();
// The text typed so far, taken out of the textarea (for the Send button).
std::string take_chat_input();
void copy_to_clipboard(const std::string& text);
// The person's theme choice, kept in the browser's localStorage ("dark" by default).
bool light_theme();
void set_light_theme(bool light);

}  // namespace mlgate::client::web
