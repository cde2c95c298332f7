#include "timed_composer.h"

namespace draftbox::bench {

ComposeResult TimedComposer::Compose(const ComposeRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  ComposeResult result = inner_.Compose(request);
  spent_ += std::chrono::steady_clock::now() - start;
  ++calls_;
  return result;
}

}  // namespace draftbox::bench
