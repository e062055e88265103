// The agent's monitoring and retraining tools: monitoring_report, drift_report, retrain and
// list_jobs, answering with cards small enough to keep in a conversation (no histograms,
// no logs: the Monitor pane shows those).
#pragma once
#include <nlohmann/json.hpp>

#include "http/request.hpp"
#include "mlgate/result.hpp"

namespace mlgate::app {

class App;

Result<nlohmann::json> monitoring_report_tool(App& app, const http::Identity& who, const nlohmann::json& args);
Result<nlohmann::json> drift_report_tool(App& app, const http::Identity& who, const nlohmann::json& args);
Result<nlohmann::json> retrain_tool(App& app, const http::Identity& who, const nlohmann::json& args);
Result<nlohmann::json> list_jobs_tool(App& app, const http::Identity& who, const nlohmann::json& args);

}  // namespace mlgate::app
