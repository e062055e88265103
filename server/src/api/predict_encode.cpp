// Writing a predict reply straight into a string. Probabilities are the model's float32
// values, printed as the shortest text that reads back as that same float.
#include <openssl/rand.h>

#include <atomic>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "api/predict_codec.hpp"

namespace mlgate::api {
namespace {

// A JSON string literal, quotes included (class labels and model names come from users).
std::string quoted(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <class T>
void append_number(std::string& out, T v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

uint64_t process_prefix() {
  static const uint64_t prefix = [] {
    uint64_t p = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&p), sizeof p) != 1) std::abort();  // no entropy: ids could repeat
    return p;
  }();
  return prefix;
}
std::atomic<uint64_t> id_counter{0};

void append_hex(std::string& out, uint64_t v, int digits) {
  static constexpr char hex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) out += hex[(v >> (4 * i)) & 0xf];
}

void append_id(std::string& out, uint64_t n) {
  out += '"';
  append_hex(out, process_prefix(), 16);
  append_hex(out, n & 0xffffffffull, 8);
  out += '"';
}

}  // namespace

uint64_t reserve_prediction_ids(std::size_t n) { return id_counter.fetch_add(n, std::memory_order_relaxed); }

std::string prediction_id(uint64_t n) {
  std::string out;
  append_id(out, n);
  return out.substr(1, out.size() - 2);
}

std::string next_prediction_id() { return prediction_id(reserve_prediction_ids(1)); }

std::string encode_predictions(const std::string& model, int64_t version, const inference::Predictions& p) {
  return encode_predictions(model, version, p, reserve_prediction_ids(p.rows));
}

std::string encode_predictions(const std::string& model, int64_t version, const inference::Predictions& p, uint64_t first_id) {
  std::string out;
  const size_t c = p.classes.size();
  out.reserve(64 + p.rows * (60 + c * 24));
  out += "{\"model\":";
  out += quoted(model);
  out += ",\"version\":";
  out += std::to_string(version);
  out += ",\"predictions\":[";
  if (p.task == "classification") {
    std::vector<std::string> keys;  // "label": once per class, not once per row
    for (const auto& cls : p.classes) keys.push_back(quoted(cls));
    for (size_t i = 0; i < p.rows; ++i) {
      size_t label = c;
      for (size_t k = 0; k < c; ++k)
        if (p.classes[k] == p.labels[i]) label = k;
      if (i) out += ',';
      out += "{\"id\":";
      append_id(out, first_id + i);
      out += ",\"label\":";
      out += label < c ? keys[label] : quoted(p.labels[i]);
      out += ",\"confidence\":";
      append_number(out, label < c ? p.probabilities[i * c + label] : 0.0f);
      out += ",\"probabilities\":{";
      for (size_t k = 0; k < c; ++k) {
        if (k) out += ',';
        out += keys[k];
        out += ':';
        append_number(out, p.probabilities[i * c + k]);
      }
      out += "}}";
    }
  } else {
    for (size_t i = 0; i < p.rows; ++i) {
      if (i) out += ',';
      out += "{\"id\":";
      append_id(out, first_id + i);
      out += ",\"value\":";
      append_number(out, p.values[i]);
      out += '}';
    }
  }
  out += "]}";
  return out;
}

}  // namespace mlgate::api
