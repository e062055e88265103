#include "http/static_assets.hpp"

#include "core/sha256.hpp"
#include "http/embedded_assets.hpp"

namespace mlgate::http {
namespace bhttp = boost::beast::http;

std::string_view content_type_for(std::string_view path) {
  auto ends = [&](std::string_view s) { return path.size() >= s.size() && path.substr(path.size() - s.size()) == s; };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".wasm")) return "application/wasm";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

StaticAssets::StaticAssets() {
  for (const auto& a : embedded_assets()) {
    assets_.emplace(std::string(a.path),
                    Asset{a.data, "\"" + sha256_hex(a.data).substr(0, 32) + "\"", std::string(content_type_for(a.path))});
  }
}

const StaticAssets::Asset* StaticAssets::find(std::string_view path) const {
  if (path == "/" || path.empty()) path = "/index.html";
  auto it = assets_.find(std::string(path));
  return it == assets_.end() ? nullptr : &it->second;
}

bool StaticAssets::has(std::string_view path) const { return find(path) != nullptr; }

Response StaticAssets::serve(std::string_view path, std::string_view if_none_match, bool head) const {
  const Asset* a = find(path);
  if (!a) return error_response(not_found("not_found", "no such page: " + std::string(path)));
  Response res{bhttp::status::ok, 11};
  if (!if_none_match.empty() && if_none_match == a->etag) {
    res.result(bhttp::status::not_modified);
  } else if (!head) {
    res.body().assign(a->data.data(), a->data.size());
  }
  res.set(bhttp::field::content_type, a->content_type);
  res.set(bhttp::field::etag, a->etag);
  res.set(bhttp::field::cache_control, "no-cache");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  res.set("Cross-Origin-Embedder-Policy", "require-corp");
  res.set("Cross-Origin-Resource-Policy", "same-origin");
  if (head) res.content_length(a->data.size()); else res.prepare_payload();
  return res;
}

}  // namespace mlgate::http
