// SAX decoding of a predict body. The handler is a small state machine over the two
// accepted shapes; the first thing wrong stops the parse with an error naming its path.
#include <limits>
#include <optional>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "api/json_body.hpp"
#include "api/predict_codec.hpp"

namespace mlgate::api {
namespace {
using nlohmann::json;

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

class PredictSax {
 public:
  PredictSax(const Signature& sig, inference::FeatureTable& table) : sig_(sig), table_(table) {
    for (const auto& f : sig.features) {
      index_.emplace(f, table_.columns.size());
      inference::Column c;
      c.name = f;
      c.is_text = feature_is_text(sig, f);
      table_.columns.push_back(std::move(c));
    }
    seen_.assign(table_.columns.size(), 0);
  }

  std::optional<Error> error;
  bool done() const { return state_ == State::done; }

  // --- nlohmann SAX interface ---
  bool null() { return scalar(Scalar{Kind::null}); }
  bool boolean(bool) { return scalar(Scalar{Kind::boolean}); }
  bool number_integer(json::number_integer_t v) { return scalar(Scalar{Kind::number, double(v), nullptr, v, true}); }
  bool number_unsigned(json::number_unsigned_t v) { return scalar(Scalar{Kind::number, double(v), nullptr, 0, false, v}); }
  bool number_float(json::number_float_t v, const std::string& text) { return scalar(Scalar{Kind::number, v, &text}); }
  bool string(std::string& s) { return scalar(Scalar{Kind::string, 0, nullptr, 0, false, 0, &s}); }
  bool binary(json::binary_t&) { return scalar(Scalar{Kind::boolean}); }  // not produced by the JSON reader

  bool start_object(std::size_t) {
    if (!deeper()) return false;
    switch (state_) {
      case State::start: state_ = State::top; return true;
      case State::rows_value: return fail_body("rows: expected an array of objects");
      case State::rows:
        state_ = State::row;
        ++stamp_;
        row_seen_ = 0;
        return true;
      case State::columns_value:
        state_ = State::columns;
        ++stamp_;
        row_seen_ = 0;
        return true;
      case State::row_value: return fail_feature(row_path() + "." + *key_ + ": expected " + expected());
      case State::column: return fail_feature(column_path() + ": expected " + expected());
      case State::column_value: return fail_body("columns." + *key_ + ": expected an array");
      case State::skip_value: state_ = State::skipping; skip_depth_ = 1; return true;
      case State::skipping: ++skip_depth_; return true;
      default: return fail_body("body must be a JSON object with \"rows\" or \"columns\"");
    }
  }
  bool start_array(std::size_t) {
    if (!deeper()) return false;
    switch (state_) {
      case State::rows_value: state_ = State::rows; return true;
      case State::column_value:
        state_ = State::column;
        column_count_ = 0;
        return true;
      case State::rows: return fail_body(row_path() + ": expected an object");
      case State::columns_value: return fail_body("columns: expected an object of arrays");
      case State::row_value: return fail_feature(row_path() + "." + *key_ + ": expected " + expected());
      case State::column: return fail_feature(column_path() + ": expected " + expected());
      case State::skip_value: state_ = State::skipping; skip_depth_ = 1; return true;
      case State::skipping: ++skip_depth_; return true;
      default: return fail_body("body must be a JSON object with \"rows\" or \"columns\"");
    }
  }
  bool key(std::string& k) {
    switch (state_) {
      case State::top:
        if (k == "rows" || k == "columns") {
          if (shape_) return fail_body("body must have exactly one of \"rows\" or \"columns\"");
          shape_ = k == "rows" ? State::rows : State::columns;
          state_ = k == "rows" ? State::rows_value : State::columns_value;
        } else {
          state_ = State::skip_value;
        }
        return true;
      case State::row:
      case State::columns: {
        bool in_row = state_ == State::row;
        auto it = index_.find(k);
        std::string where = in_row ? row_path() + "." + k : "columns." + k;
        if (it == index_.end())
          return fail("unknown_feature", where + ": not a feature of this model (features: " + list(sig_.features) + ")");
        if (seen_[it->second] == stamp_) return fail_body(where + ": given twice");
        seen_[it->second] = stamp_;
        ++row_seen_;
        column_ = &table_.columns[it->second];
        key_ = &it->first;
        state_ = in_row ? State::row_value : State::column_value;
        return true;
      }
      default: return true;  // keys inside a skipped value
    }
  }
  bool end_object() {
    --depth_;
    switch (state_) {
      case State::row:
        if (row_seen_ != table_.columns.size()) {
          std::vector<std::string> missing;
          for (size_t c = 0; c < seen_.size(); ++c)
            if (seen_[c] != stamp_) missing.push_back(table_.columns[c].name);
          return fail("missing_feature", row_path() + ": missing feature(s) " + list(missing) + " (send null for a missing value)");
        }
        ++table_.rows;
        state_ = State::rows;
        return true;
      case State::columns:
        if (row_seen_ != table_.columns.size()) {
          std::vector<std::string> missing;
          for (size_t c = 0; c < seen_.size(); ++c)
            if (seen_[c] != stamp_) missing.push_back(table_.columns[c].name);
          return fail("missing_feature", "columns: missing feature(s) " + list(missing));
        }
        if (column_rows_.value_or(0) == 0) return fail_body("columns: at least one row is needed");
        table_.rows = *column_rows_;
        state_ = State::top;
        return true;
      case State::top:
        if (!shape_) return fail_body("body must have exactly one of \"rows\" or \"columns\"");
        state_ = State::done;
        return true;
      case State::skipping: return leave_skipped();
      default: return true;
    }
  }
  bool end_array() {
    --depth_;
    switch (state_) {
      case State::rows:
        if (table_.rows == 0) return fail_body("rows: at least one row is needed");
        state_ = State::top;
        return true;
      case State::column:
        if (!column_rows_) column_rows_ = column_count_;
        else if (*column_rows_ != column_count_)
          return fail("ragged_columns", "columns." + *key_ + " has " + std::to_string(column_count_) + " values, other columns have " +
                                            std::to_string(*column_rows_));
        state_ = State::columns;
        return true;
      case State::skipping: return leave_skipped();
      default: return true;
    }
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    if (!error) error = json_syntax_error(position, ex.what());
    return false;
  }

 private:
  enum class State { start, top, rows_value, rows, row, row_value, columns_value, columns, column_value, column, skip_value, skipping, done };
  enum class Kind { null, boolean, number, string };
  struct Scalar {
    Kind kind;
    double number = 0;
    const std::string* float_text = nullptr;  // as written, for a number sent to a text feature
    int64_t integer = 0;
    bool is_integer = false;
    uint64_t unsigned_value = 0;
    std::string* text = nullptr;
  };

  bool scalar(const Scalar& v) {
    switch (state_) {
      case State::row_value:
        if (!append(v, row_path() + "." + *key_)) return false;
        state_ = State::row;
        return true;
      case State::column:
        if (!append(v, column_path())) return false;
        ++column_count_;
        return true;
      case State::skip_value: state_ = State::top; return true;
      case State::skipping: return true;
      case State::rows: return fail_body(row_path() + ": expected an object");
      case State::rows_value: return fail_body("rows: expected an array of objects");
      case State::columns_value: return fail_body("columns: expected an object of arrays");
      case State::column_value: return fail_body("columns." + *key_ + ": expected an array");
      default: return fail_body("body must be a JSON object with \"rows\" or \"columns\"");
    }
  }

  bool append(const Scalar& v, const std::string& path) {
    inference::Column& col = *column_;
    if (col.is_text) {
      switch (v.kind) {
        case Kind::string: col.texts.push_back(std::move(*v.text)); return true;
        case Kind::null: col.texts.emplace_back(); return true;
        case Kind::number:
          if (v.float_text) col.texts.push_back(*v.float_text);
          else col.texts.push_back(v.is_integer ? std::to_string(v.integer) : std::to_string(v.unsigned_value));
          return true;
        default: return fail_feature(path + ": expected a string");
      }
    }
    switch (v.kind) {
      case Kind::number: col.numbers.push_back(v.number); return true;
      case Kind::null: col.numbers.push_back(std::numeric_limits<double>::quiet_NaN()); return true;
      case Kind::string: return fail_feature(path + ": expected a number, got a string");
      default: return fail_feature(path + ": expected a number");
    }
  }

  bool deeper() {
    if (++depth_ > kMaxJsonDepth) {
      error = bad_request("json_too_deep", "JSON nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
      return false;
    }
    return true;
  }
  bool leave_skipped() {
    if (--skip_depth_ == 0) state_ = State::top;
    return true;
  }
  std::string expected() const { return column_->is_text ? "a string" : "a number"; }
  std::string row_path() const { return "rows[" + std::to_string(table_.rows) + "]"; }
  std::string column_path() const { return "columns." + *key_ + "[" + std::to_string(column_count_) + "]"; }
  bool fail(const std::string& code, std::string message) {
    error = unprocessable(code, std::move(message));
    return false;
  }
  bool fail_body(std::string message) { return fail("invalid_body", std::move(message)); }
  bool fail_feature(std::string message) { return fail("invalid_feature", std::move(message)); }

  const Signature& sig_;
  inference::FeatureTable& table_;
  std::unordered_map<std::string, size_t> index_;
  State state_ = State::start;
  std::optional<State> shape_;          // rows or columns, once seen
  int depth_ = 0;
  int skip_depth_ = 0;
  std::vector<uint64_t> seen_;          // per feature: the stamp of the row (or columns object) that set it
  uint64_t stamp_ = 0;                  // bumped for each row object (or the columns object)
  size_t row_seen_ = 0;
  inference::Column* column_ = nullptr;
  const std::string* key_ = nullptr;
  size_t column_count_ = 0;
  std::optional<size_t> column_rows_;
};

}  // namespace

Result<inference::FeatureTable> decode_predict_body(std::string_view body, const Signature& sig) {
  inference::FeatureTable table;
  PredictSax sax(sig, table);
  bool ok = json::sax_parse(body.begin(), body.end(), &sax);
  if (sax.error) return *sax.error;
  if (!ok || !sax.done()) return bad_request("invalid_json", "request body is not valid JSON");
  return table;
}

}  // namespace mlgate::api
