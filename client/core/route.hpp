// The client's address: every pane and selection has a URL fragment that can be bookmarked
// and shared (#/models/iris/2), and the back button walks them. Pure logic: compiled
// natively for the unit tests as well as into the WebAssembly client.
#pragma once
#include <cstdint>
#include <string>

namespace mlgate::client {

enum class Pane { chat, models, test, predict, monitor, audit };

struct Route {
  Pane pane = Pane::models;
  std::string model;    // "" when none is selected
  int64_t version = 0;  // 0 when none is selected
  bool operator==(const Route&) const = default;
};

// "#/models/iris/2" (the leading '#' is optional). Unknown or malformed fragments give the
// models pane, as a web app sends an unknown path to its home page.
Route parse_route(const std::string& fragment);
// The canonical fragment, e.g. "#/models/iris/2".
std::string format_route(const Route& r);
const char* pane_name(Pane p);

}  // namespace mlgate::client
