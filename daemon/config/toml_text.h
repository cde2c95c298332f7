// Writing TOML values by hand: quoting strings and keys the way toml++ reads them back.
// Pure functions, thread-safe.
#ifndef DRAFTBOX_CONFIG_TOML_TEXT_H_
#define DRAFTBOX_CONFIG_TOML_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace draftbox {

// A single-line basic string: `"Dana \"D\"\nAE"`. Control characters are escaped, other
// UTF-8 is kept, so any text reads back byte for byte.
std::string TomlString(std::string_view text);

// A key as written in a table header or assignment: bare when TOML allows it, else quoted.
std::string TomlKey(std::string_view key);

// `["DE", "CA"]`.
std::string TomlStringArray(const std::vector<std::string>& items);

}  // namespace draftbox

#endif  // DRAFTBOX_CONFIG_TOML_TEXT_H_
