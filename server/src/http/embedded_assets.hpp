// Web assets compiled into the binary (cmake/EmbedAssets.cmake generates the table).
#pragma once
#include <string_view>
#include <vector>

namespace mlgate::http {
struct EmbeddedAsset {
  std::string_view path;  // URL path, e.g. "/index.html"
  std::string_view data;
};
std::vector<EmbeddedAsset> embedded_assets();
}  // namespace mlgate::http
