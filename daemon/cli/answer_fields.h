// Reading the daemon's JSON answers and the command line's numbers without ever throwing: a
// field of the wrong type or a missing one reads as empty, so a renderer shows "-" instead of
// dying on an answer from a newer or older daemon. Text from the daemon (names, subjects,
// reasons written by people or a model) is untrusted and put on one line before it reaches a
// terminal. Pure functions; thread-safe.
#ifndef DRAFTBOX_CLI_ANSWER_FIELDS_H_
#define DRAFTBOX_CLI_ANSWER_FIELDS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace draftbox {

// object[key] when it is a string, else `fallback`.
std::string StringAt(const nlohmann::json& object, const char* key, std::string fallback = "");

// object[key] when it is an integer, else 0.
int64_t IntAt(const nlohmann::json& object, const char* key);

// True only for a JSON true at `key`.
bool IsTrue(const nlohmann::json& object, const char* key);

// object[key] when it is an object (an array), else an empty one.
nlohmann::json ObjectAt(const nlohmann::json& object, const char* key);
nlohmann::json ArrayAt(const nlohmann::json& object, const char* key);

// `text` with every ASCII control character (CR, LF, TAB, ESC, DEL ...) turned into a space, so
// it cannot break a table's columns or drive the terminal.
std::string OneLine(std::string text);

// "2026-12-03 14:05" (UTC) for a Unix time; `unset` for 0 or less.
std::string FormatUtcMinute(int64_t unix_seconds, std::string_view unset);

// A command-line validator for a whole number of at least `min` ("must be a positive integer
// (got '1.5')" for min 1). CLI11's PositiveNumber would accept 1.5 and name a range up to the
// largest double in its message.
CLI::Validator WholeNumberAtLeast(int64_t min);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_ANSWER_FIELDS_H_
