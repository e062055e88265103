// How a change reached the registry when not straight from the HTTP API. The agent acts AS
// the person (the audit actor stays that person); while an AuditOrigin lives on a thread,
// every audit event that thread writes carries its note in `detail` (e.g. "via": "agent"),
// so the log says both who asked and that the agent carried it out, without widening every
// store call by an argument.
#pragma once
#include <nlohmann/json.hpp>

namespace mlgate::registry {

class AuditOrigin {
 public:
  explicit AuditOrigin(nlohmann::json note);
  ~AuditOrigin();
  AuditOrigin(const AuditOrigin&) = delete;
  AuditOrigin& operator=(const AuditOrigin&) = delete;

  // The innermost live note on this thread, or nullptr.
  static const nlohmann::json* current();

 private:
  nlohmann::json note_;
  const AuditOrigin* outer_;
};

}  // namespace mlgate::registry
