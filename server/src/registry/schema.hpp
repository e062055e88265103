// The registry schema and its migrations, versioned with PRAGMA user_version.
#pragma once
#include "registry/sqlite_db.hpp"

namespace mlgate::registry::sql {

inline constexpr int kSchemaVersion = 4;
// Creates or upgrades the schema in one transaction; refuses a database from a newer mlgate.
Status migrate(Db& db);
// A connection to the registry file with the schema brought up to date.
Result<std::unique_ptr<Db>> open_migrated(const std::filesystem::path& file);

}  // namespace mlgate::registry::sql
