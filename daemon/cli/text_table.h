// Plain-text tables and labels for the commands' output for people. Pure functions; thread-safe.
#ifndef DRAFTBOX_CLI_TEXT_TABLE_H_
#define DRAFTBOX_CLI_TEXT_TABLE_H_

#include <cstddef>
#include <string>
#include <vector>

namespace draftbox {

// Columns separated by two spaces, each as wide as its widest cell (in bytes); trailing blanks
// trimmed; one line per row, each ending in '\n'. Rows may have different lengths.
std::string RenderTable(const std::vector<std::vector<std::string>>& rows);

// `text` padded with spaces to at least `width` bytes.
std::string PadTo(std::string text, size_t width);

// A snake_case name for people: "needs_attention" -> "needs attention".
std::string Spaced(std::string name);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_TEXT_TABLE_H_
