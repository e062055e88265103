// The depth scan that runs before every parse of outside JSON (request bodies, LLM replies).
#include <catch2/catch.hpp>

#include "core/json_depth.hpp"

using mlgate::json_depth;

TEST_CASE("JSON depth counts brackets outside strings and stops past its limit") {
  CHECK(json_depth(R"({"a":[1,{"b":"[[[["}]})", 100) == 3);
  CHECK(json_depth(R"(["\"[[", {"k\\": [[]]}])", 100) == 4);  // escaped quotes stay inside the string
  CHECK(json_depth("42", 100) == 0);
  // 100,000 levels: the scan stops one past the limit instead of walking on.
  CHECK(json_depth(std::string(100000, '['), mlgate::kMaxJsonDepth) == mlgate::kMaxJsonDepth + 1);
}
