#include "alert_records.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "json_read.hpp"
#include "monitor_format.hpp"
#include "time_text.hpp"

namespace mlgate::client {
using nlohmann::json;
using namespace json_read;

AlertsParse parse_alerts(const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  const json* list = field(j, "alerts");
  if (!list || !list->is_array()) return {std::nullopt, "the alerts reply has no alerts list"};
  std::vector<AlertRecord> out;
  for (const auto& a : *list) {
    out.push_back({integer(a, "id").value_or(0), text(a, "model"), integer(a, "version").value_or(0), text(a, "rule"), number(a, "value"),
                   number(a, "threshold"), text(a, "message"), text(a, "fired_at"), text(a, "delivery")});
  }
  std::stable_sort(out.begin(), out.end(), [](const AlertRecord& a, const AlertRecord& b) {
    const int64_t ta = parse_rfc3339_ms(a.fired_at).value_or(0), tb = parse_rfc3339_ms(b.fired_at).value_or(0);
    return ta != tb ? ta > tb : a.id > b.id;
  });
  return {std::move(out), ""};
}

std::string value_vs_threshold(const AlertRecord& a) { return format_number(a.value) + " vs " + format_number(a.threshold); }

}  // namespace mlgate::client
