// A test scored in the browser and attached to its version: the page sends metrics and the
// data's SHA-256, never rows. The server checks the body strictly and decides pass/fail
// itself from the metrics and its configured thresholds; a client's "passed" is refused.
//
// Decision: a passing browser record counts toward the promotion gate like a server one.
// The point of in-browser testing is that the data never leaves the machine; requiring a
// server test would force the upload in-browser testing exists to avoid. The record keeps
// source "browser" so the approver sees the metrics were computed client-side.
#pragma once
#include <nlohmann/json.hpp>

#include "app/version_tester.hpp"
#include "mlgate/api_types.hpp"
#include "mlgate/result.hpp"

namespace mlgate::app {

// `body`: {"source": "browser", "rows", "label_column", "data_sha256", "metrics"}. The record
// is complete but for id/at (the store's) and actor (the caller's). Errors name the field:
// 400 invalid_test_record for a missing, unknown or ill-typed field; 422 invalid_metrics for
// metrics that do not fit the version (task, classes) or each other (confusion matrix vs rows
// and accuracy).
Result<api::TestRecord> browser_test_record(const api::VersionInfo& version, const nlohmann::json& body, const PassRule& rule);

}  // namespace mlgate::app
