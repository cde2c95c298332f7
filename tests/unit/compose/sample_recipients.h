// Test-only loader for the sample recipients in tests/data/recipients/ (the real importer lives
// elsewhere). Minimal on purpose: RFC 4180 CSV (quoted fields may span lines) and JSONL, emails
// normalised with NormaliseEmail, invalid rows skipped and re-imported rows merged by email as
// the importer does, ids assigned in file order as a store would.
#ifndef DRAFTBOX_TESTS_UNIT_COMPOSE_SAMPLE_RECIPIENTS_H_
#define DRAFTBOX_TESTS_UNIT_COMPOSE_SAMPLE_RECIPIENTS_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/recipient.h"

namespace draftbox::testing {

// tests/data/recipients; throws std::runtime_error naming the path when it is missing.
std::filesystem::path SampleDir();

// recipients.csv + activities.csv. Throws std::runtime_error naming file and line on bad input.
std::vector<Recipient> LoadCsvSamples(const std::filesystem::path& dir);

// recipients.jsonl (activities nested). Throws std::runtime_error naming file and line.
std::vector<Recipient> LoadJsonlSamples(const std::filesystem::path& dir);

// One CSV record per row, fields unquoted. Exposed for its own test.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text);

}  // namespace draftbox::testing

#endif  // DRAFTBOX_TESTS_UNIT_COMPOSE_SAMPLE_RECIPIENTS_H_
