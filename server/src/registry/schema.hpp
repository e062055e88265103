// The registry schema and its migrations, versioned with PRAGMA user_version.
#pragma once
#include "registry/sqlite_db.hpp"

namespace mlgate::registry::sql {

inline constexpr int kSchemaVersion = 2;
// Creates or upgrades the schema in one transaction; refuses a database from a newer mlgate.
Status migrate(Db& db);

}  // namespace mlgate::registry::sql
