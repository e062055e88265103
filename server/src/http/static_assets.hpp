// The browser client's files, embedded in the binary, served with ETag/304 and the
// cross-origin isolation headers ONNX Runtime Web needs for threads.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/response.hpp"

namespace mlgate::http {

class StaticAssets {
 public:
  StaticAssets();  // loads the embedded table
  bool has(std::string_view path) const;
  Response serve(std::string_view path, std::string_view if_none_match, bool head) const;

 private:
  struct Asset {
    std::string_view data;
    std::string etag;
    std::string content_type;
  };
  const Asset* find(std::string_view path) const;
  std::unordered_map<std::string, Asset> assets_;
};

std::string_view content_type_for(std::string_view path);

}  // namespace mlgate::http
