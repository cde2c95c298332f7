// libFuzzer target for the incoming-mail classifier: any bytes must classify without a crash,
// a sanitizer report or unbounded memory, and turn into JSON. Built only by scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "classify/message_classifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  draftbox::Classification result = draftbox::ClassifyMessage(raw);
  (void)draftbox::ClassificationToJson(result, "fuzz").dump();
  return 0;
}
