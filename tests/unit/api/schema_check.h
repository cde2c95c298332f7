// Checks a JSON text against one of the API's schemas in shared/api/ with Debian's
// python3-jsonschema, so the tests hold the daemon to the same files the add-on is written
// against. Used by the unit tests here and the daemon's integration tests. Thread-safe.
#ifndef DRAFTBOX_TESTS_UNIT_API_SCHEMA_CHECK_H_
#define DRAFTBOX_TESTS_UNIT_API_SCHEMA_CHECK_H_

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/subprocess.h"

namespace draftbox::test {

// Validates the schema itself, then the document; prints one line per violation.
inline constexpr char kSchemaCheckScript[] = R"PY(
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
doc = json.loads(sys.stdin.read())
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    print("/".join(str(p) for p in e.path) or "<root>", ":", e.message)
sys.exit(1 if errors else 0)
)PY";

// shared/api/<name> in the source tree.
inline std::filesystem::path ApiSchemaPath(const std::string& name) {
  const char* root = std::getenv("DRAFTBOX_SOURCE_DIR");
  return std::filesystem::path(root ? root : ".") / "shared" / "api" / name;
}

// Empty when `json_text` is valid against shared/api/<schema_name>; otherwise the violations
// (or why the check could not run).
inline std::string SchemaViolations(const std::string& schema_name, const std::string& json_text) {
  std::filesystem::path schema = ApiSchemaPath(schema_name);
  if (!std::filesystem::exists(schema)) return "no schema at " + schema.string();
  Result<RunResult> run =
      RunProcess(SubprocessOptions{.argv = {"python3", "-c", kSchemaCheckScript, schema.string()},
                                   .stdin_data = json_text},
                 std::chrono::seconds(30));
  if (!run) return "could not run python3: " + run.error().ToString();
  if (run->exit_code == 0) return "";
  return run->out + run->err + "(document: " + json_text + ")";
}

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_UNIT_API_SCHEMA_CHECK_H_
