// The SQLite implementation of MetadataStore: one database file, WAL, synchronous=FULL.
// Several processes may open the same file; every write is a BEGIN IMMEDIATE transaction
// and the schema itself allows one production version per model.
#pragma once
#include <filesystem>
#include <memory>

#include "registry/metadata_store.hpp"

namespace mlgate::registry {

// Opens (creating or migrating the schema as needed) the registry database at `db_file`.
Result<std::unique_ptr<MetadataStore>> open_sqlite_store(const std::filesystem::path& db_file);

}  // namespace mlgate::registry
