#include "registry/audit_origin.hpp"

namespace mlgate::registry {
namespace {
thread_local const AuditOrigin* g_current = nullptr;
}

AuditOrigin::AuditOrigin(nlohmann::json note) : note_(std::move(note)), outer_(g_current) { g_current = this; }
AuditOrigin::~AuditOrigin() { g_current = outer_; }

const nlohmann::json* AuditOrigin::current() { return g_current ? &g_current->note_ : nullptr; }

}  // namespace mlgate::registry
