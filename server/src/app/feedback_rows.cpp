#include "app/feedback_rows.hpp"

#include <algorithm>
#include <map>

#include "app/app.hpp"
#include "core/clock.hpp"
#include "monitoring/row_cells.hpp"

namespace mlgate::app {

namespace {
constexpr std::size_t kMaxRows = 1'000'000;  // a retrain reads at most this many labelled rows
}

Result<LabelledRows> labelled_rows_since(App& app, const std::string& model, const api::VersionInfo& base, const std::string& label) {
  LabelledRows out;
  out.since = base.created_at;
  out.columns = base.signature.features;
  out.columns.push_back(label);
  auto since_s = epoch_seconds_of(base.created_at);
  const int64_t since_ms = since_s ? *since_s * 1000 : 0;
  auto& log = app.prediction_log();
  log.flush();
  auto rows = log.predictions(model, 0, since_ms, now_epoch_ms() + 1, kMaxRows, true);
  if (!rows) return rows.error();
  std::map<int64_t, std::vector<std::string>> orders;  // feature order per version
  // Oldest first, as they happened.
  for (auto it = rows->rbegin(); it != rows->rend(); ++it) {
    // A row is in the feature order of the version that predicted it.
    auto known = orders.find(it->version);
    if (known == orders.end()) {
      auto version = app.store().get_version(model, it->version);
      known = orders.emplace(it->version, version ? version->signature.features : base.signature.features).first;
    }
    const auto& order = known->second;
    auto logged = monitoring::split_cells(it->inputs, order.size());
    std::vector<std::string> cells;
    for (const auto& f : base.signature.features) {
      auto at = std::find(order.begin(), order.end(), f);
      cells.push_back(at == order.end() ? std::string() : logged[std::size_t(at - order.begin())]);
    }
    cells.push_back(*it->label);
    out.rows.push_back(std::move(cells));
  }
  return out;
}

Status append_rows(csv::Table& table, const LabelledRows& rows) {
  if (rows.rows.empty()) return ok_status();
  std::vector<std::size_t> target;  // table column of each of rows.columns
  for (const auto& c : rows.columns) {
    auto idx = table.find(c);
    if (!idx) return unprocessable("missing_column", "the base data has no column '" + c + "' for the feedback rows");
    target.push_back(*idx);
  }
  std::size_t line = table.lines.empty() ? 1 : table.lines.back() + 1;
  for (const auto& r : rows.rows) {
    for (auto& col : table.columns) col.cells.emplace_back();  // columns the log does not know stay missing
    for (std::size_t k = 0; k < target.size(); ++k) table.columns[target[k]].cells.back() = r[k];
    table.lines.push_back(line++);
  }
  return ok_status();
}

}  // namespace mlgate::app
