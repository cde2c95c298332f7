#include "support/test_data.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace draftbox::test {

std::filesystem::path TestDataPath(std::string_view relative) {
  const char* root = std::getenv("DRAFTBOX_SOURCE_DIR");
  const std::filesystem::path base = root != nullptr && *root != '\0'
                                         ? std::filesystem::path(root) / "tests" / "data"
                                         : std::filesystem::path(DRAFTBOX_TEST_DATA_DIR);
  std::filesystem::path path = base / relative;
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error("test data not found: " + path.string() +
                             " (the corpora live in the repository's tests/data/)");
  }
  return path;
}

std::string ReadTestData(std::string_view relative) {
  const std::filesystem::path path = TestDataPath(relative);
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw std::runtime_error("cannot read test data: " + path.string());
  return text.str();
}

}  // namespace draftbox::test
