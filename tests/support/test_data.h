// Where the test corpora live: tests/data/ inside the repository (bounces, replies, recipients;
// each folder's README names its origin and licence). Tests find them through the source dir
// CTest passes in DRAFTBOX_SOURCE_DIR, else through the path compiled in, so a test binary run by
// hand finds them too. Nothing here reads outside the repository. Thread-safe.
#ifndef DRAFTBOX_TESTS_SUPPORT_TEST_DATA_H_
#define DRAFTBOX_TESTS_SUPPORT_TEST_DATA_H_

#include <filesystem>
#include <string>
#include <string_view>

namespace draftbox::test {

// tests/data/<relative>. Throws std::runtime_error naming the path when it does not exist, so a
// test that needs its data fails (GoogleTest reports the exception) instead of skipping.
std::filesystem::path TestDataPath(std::string_view relative);

// The whole content of tests/data/<relative>, byte for byte. Throws as TestDataPath does, or
// when the file cannot be read.
std::string ReadTestData(std::string_view relative);

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_SUPPORT_TEST_DATA_H_
