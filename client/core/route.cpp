#include "route.hpp"

#include <vector>

namespace mlgate::client {
namespace {

std::vector<std::string> split_path(const std::string& s) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == '/') {
      if (!cur.empty()) parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
}

// The server's rule for names: [A-Za-z0-9][A-Za-z0-9._-]{0,127}.
bool valid_name(const std::string& n) {
  if (n.empty() || n.size() > 128) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

int64_t parse_version(const std::string& s) {
  if (s.empty() || s.size() > 12) return 0;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

const char* pane_name(Pane p) {
  switch (p) {
    case Pane::chat: return "chat";
    case Pane::models: return "models";
    case Pane::test: return "test";
    case Pane::predict: return "predict";
    case Pane::monitor: return "monitor";
    case Pane::audit: return "audit";
  }
  return "models";
}

Route parse_route(const std::string& fragment) {
  std::string f = fragment;
  if (!f.empty() && f[0] == '#') f.erase(0, 1);
  auto parts = split_path(f);
  Route r;
  if (parts.empty()) return r;
  static const std::pair<const char*, Pane> panes[] = {{"chat", Pane::chat},       {"models", Pane::models},   {"test", Pane::test},
                                                       {"predict", Pane::predict}, {"monitor", Pane::monitor}, {"audit", Pane::audit}};
  bool known = false;
  for (const auto& [name, pane] : panes)
    if (parts[0] == name) r.pane = pane, known = true;
  if (!known) return Route{};
  bool takes_model = r.pane != Pane::chat;  // the audit log filtered by model: #/audit/{name}
  if (takes_model && parts.size() > 1 && valid_name(parts[1])) {
    r.model = parts[1];
    bool takes_version = r.pane == Pane::models || r.pane == Pane::test;
    if (takes_version && parts.size() > 2) r.version = parse_version(parts[2]);
  }
  return r;
}

std::string format_route(const Route& r) {
  std::string out = std::string("#/") + pane_name(r.pane);
  if (!r.model.empty()) {
    out += "/" + r.model;
    if (r.version > 0) out += "/" + std::to_string(r.version);
  }
  return out;
}

}  // namespace mlgate::client
