// The history of the Draftbox schema: an ordered list of numbered migrations. Database applies
// every migration above a file's `PRAGMA user_version`, each in its own transaction that also
// sets user_version, so a file is always at exactly one of these versions.
//
// Rules (see store/README.md): append only. Never edit or reorder a migration that has shipped;
// change the schema by adding the next number. Plain data, thread-safe.
#ifndef DRAFTBOX_STORE_MIGRATIONS_H_
#define DRAFTBOX_STORE_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace draftbox {

struct Migration {
  int version;                   // 1, 2, 3, ... with no gaps; becomes PRAGMA user_version
  std::string_view description;  // named in errors: "migration 2 (campaigns and drafts)"
  std::string_view sql;          // one or more statements; no BEGIN/COMMIT (the caller wraps it)
};

// Every migration of this build, in order; the last one's version is Database::kSchemaVersion.
std::span<const Migration> SchemaMigrations();

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_MIGRATIONS_H_
