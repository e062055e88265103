#include "drift_report.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "json_read.hpp"

namespace mlgate::client {
namespace {
using nlohmann::json;
using namespace json_read;

Histogram read_histogram(const json* j) {
  Histogram h;
  if (!j || !j->is_object()) return h;
  if (const json* bins = field(*j, "bins"); bins && bins->is_array())
    for (const auto& b : *bins) h.bins.push_back(b.is_string() ? b.get<std::string>() : b.dump());
  const json* shares = field(*j, "shares");
  for (std::size_t i = 0; i < h.bins.size(); ++i) {
    const bool have = shares && shares->is_array() && i < shares->size() && (*shares)[i].is_number();
    h.shares.push_back(have ? (*shares)[i].get<double>() : 0.0);
  }
  return h;
}

DriftRow read_row(const json& j) {
  DriftRow r;
  r.feature = text(j, "feature");
  r.kind = text(j, "kind");
  r.statistic = text(j, "statistic");
  r.value = number(j, "value");
  r.p_value = number(j, "p_value");
  r.threshold = number(j, "threshold");
  r.psi = number(j, "psi");
  r.drifted = flag(j, "drifted");
  r.status = text(j, "status");
  r.psi_status = text(j, "psi_status");
  r.reference_rows = integer(j, "reference_rows").value_or(0);
  r.current_rows = integer(j, "current_rows").value_or(0);
  r.missing_current = integer(j, "missing_current").value_or(0);
  r.reference = read_histogram(field(j, "reference"));
  r.current = read_histogram(field(j, "current"));
  return r;
}

}  // namespace

DriftParse parse_drift(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return {std::nullopt, "the drift reply is not a JSON object"};
  DriftReport r;
  r.model = text(j, "model");
  r.window = text(j, "window");
  r.version = integer(j, "version").value_or(0);
  r.status = text(j, "status");
  if (r.status.empty()) return {std::nullopt, "the drift reply has no status"};
  r.message = text(j, "message");
  if (const json* ref = field(j, "reference"); ref && ref->is_object()) {
    r.has_reference = true;
    r.reference_source = text(*ref, "source");
    r.reference_rows = integer(*ref, "rows").value_or(0);
  }
  r.current_rows = integer(j, "current_rows").value_or(0);
  r.min_rows = integer(j, "min_rows").value_or(0);
  r.drifting = flag(j, "drifting");
  r.drifted_features = integer(j, "drifted_features").value_or(0);
  r.feature_count = integer(j, "feature_count").value_or(0);
  if (const json* fs = field(j, "features"); fs && fs->is_array())
    for (const auto& f : *fs) r.features.push_back(read_row(f));
  if (const json* p = field(j, "prediction"); p && p->is_object()) {
    r.prediction = read_row(*p);
    r.prediction->is_prediction = true;
    if (r.prediction->feature.empty()) r.prediction->feature = "prediction";
  }
  return {std::move(r), ""};
}

std::vector<const DriftRow*> drift_rows(const DriftReport& r) {
  std::vector<const DriftRow*> out;
  for (const auto& f : r.features) out.push_back(&f);
  if (r.prediction) out.push_back(&*r.prediction);
  return out;
}

bool has_verdict(const DriftReport& r) { return r.status == "ok" || r.status == "drifting"; }

std::string drift_verdict(const DriftReport& r) {
  if (!has_verdict(r)) return r.message.empty() ? r.status : r.message;
  const std::string counts = std::to_string(r.drifted_features) + " of " + std::to_string(r.feature_count) + " features";
  return r.drifting ? "drifting: " + counts : "not drifting (" + counts + " drifted)";
}

PairedBins pair_bins(const DriftRow& row) {
  PairedBins p;
  auto index_of = [&](const std::string& bin) -> std::size_t {
    auto it = std::find(p.bins.begin(), p.bins.end(), bin);
    if (it != p.bins.end()) return static_cast<std::size_t>(it - p.bins.begin());
    p.bins.push_back(bin);
    p.reference.push_back(0);
    p.current.push_back(0);
    return p.bins.size() - 1;
  };
  for (std::size_t i = 0; i < row.reference.bins.size(); ++i) p.reference[index_of(row.reference.bins[i])] += row.reference.shares[i];
  for (std::size_t i = 0; i < row.current.bins.size(); ++i) p.current[index_of(row.current.bins[i])] += row.current.shares[i];
  return p;
}

}  // namespace mlgate::client
