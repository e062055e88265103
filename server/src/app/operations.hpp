// The registry operations that do more than one store call, shared by the HTTP handlers and
// the agent's tool executor so that both paths behave identically (serving kept in step,
// the same checks, the same errors). Callers have already checked the caller's role for the
// operation itself; `actor` is the person the audit log names.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/app.hpp"
#include "inference/intake.hpp"

namespace mlgate::app::ops {

// A new version from an ONNX file on disk (in the artifact store's temp area; it is moved
// into the store): intake, blobs first, then the row. created=false: same bytes already there.
// `lineage` says where it came from (an upload unless a training job says otherwise).
Result<registry::CreatedVersion> register_version(App& app, const std::string& model, const std::filesystem::path& file,
                                                  const std::string& description, const inference::IntakeOptions& options,
                                                  const std::string& actor,
                                                  const nlohmann::json& lineage = {{"source", "upload"}});

// Scores a labelled CSV with the version and records the test. The CSV is kept (by its
// SHA-256, the record's data_sha256): it is what a retrain of this version starts from.
Result<api::TestRecord> test_version(App& app, const std::string& model, int64_t version, std::string_view csv,
                                     const std::string& label, const std::string& actor);

// Approve loads the version before the switch (so serving never points at a version that
// cannot run) and swaps it in after; reject only records the decision.
Result<api::Promotion> decide_promotion(App& app, int64_t id, bool approve, const std::string& reason,
                                        const std::string& actor);

// Restores the previous production version and serves it at once.
Result<api::VersionInfo> rollback(App& app, const std::string& model, const std::string& reason, const std::string& actor);

Status delete_version(App& app, const std::string& model, int64_t version, const std::string& actor);

// Predicts from a body in the predict API's shape ({"rows": [...]} or {"columns": {...}}),
// with the production version unless `version` is given; a non-production version needs the
// deployer role. Returns the response JSON text.
Result<std::string> predict(App& app, const std::string& model, std::optional<int64_t> version, http::Role role,
                            std::string_view body);

}  // namespace mlgate::app::ops
