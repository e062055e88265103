#include "api/json_body.hpp"

#include <optional>
#include <set>
#include <vector>

namespace mlgate::api {
namespace {
using nlohmann::json;

// Builds the DOM through nlohmann's own DOM builder, and adds what it lacks: a repeated key
// in one object is an error (nlohmann would keep the last value silently, so two readers of
// the same body could disagree), and every parse error - a number that overflows a double
// too, which nlohmann reports as out_of_range rather than parse_error - ends as a value with
// the byte it happened at instead of an exception.
class CheckedDomSax {
 public:
  explicit CheckedDomSax(json& result) : dom_(result, false) {}

  std::optional<Error> error;

  bool null() { return element(dom_.null()); }
  bool boolean(bool v) { return element(dom_.boolean(v)); }
  bool number_integer(json::number_integer_t v) { return element(dom_.number_integer(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return element(dom_.number_unsigned(v)); }
  bool number_float(json::number_float_t v, const std::string& s) { return element(dom_.number_float(v, s)); }
  bool string(std::string& v) { return element(dom_.string(v)); }
  bool binary(json::binary_t& v) { return element(dom_.binary(v)); }

  bool start_object(std::size_t n) {
    frames_.push_back(Frame{true});
    return dom_.start_object(n);
  }
  bool key(std::string& k) {
    Frame& f = frames_.back();
    if (!f.keys.insert(k).second) {
      std::string where = path();
      error = bad_request("invalid_json", "request body is not valid JSON: key \"" + k + "\" is given twice in " +
                                              (where.empty() ? std::string("the top-level object") : "the object at " + where));
      return false;
    }
    f.key = k;
    return dom_.key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return element(dom_.end_object());
  }
  bool start_array(std::size_t n) {
    frames_.push_back(Frame{false});
    return dom_.start_array(n);
  }
  bool end_array() {
    frames_.pop_back();
    return element(dom_.end_array());
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    if (!error) error = json_syntax_error(position, ex.what());
    return false;
  }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys{};
    std::string key{};
    std::size_t index = 0;
  };

  // A value finished: in an array, the next one has the next index.
  bool element(bool ok) {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return ok;
  }
  // Where the innermost open container sits, as "a.b[2]" (empty at the top level).
  std::string path() const {
    std::string out;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      if (f.object) out += (out.empty() ? "" : ".") + f.key;
      else out += "[" + std::to_string(f.index) + "]";
    }
    return out;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<Frame> frames_;
};
}  // namespace

Result<nlohmann::json> parse_json_body(std::string_view body) {
  if (json_depth(body, kMaxJsonDepth) > kMaxJsonDepth)
    return bad_request("json_too_deep", "JSON nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  json result;
  CheckedDomSax sax(result);
  try {
    // A leading UTF-8 BOM is skipped by nlohmann's lexer, as the CSV reader skips it.
    bool ok = json::sax_parse(body, &sax);
    if (sax.error) return *sax.error;
    if (!ok) return bad_request("invalid_json", "request body is not valid JSON");
  } catch (const json::exception& e) {  // nothing should throw with a SAX reader; a 400 all the same
    return json_syntax_error(0, e.what());
  }
  return result;
}

Error json_syntax_error(std::size_t byte, const std::string& what) {
  // nlohmann's text starts with "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
  auto colon = what.find("] ");
  return bad_request("invalid_json", "request body is not valid JSON at byte " + std::to_string(byte) + ": " +
                                         (colon == std::string::npos ? what : what.substr(colon + 2)));
}

}  // namespace mlgate::api
