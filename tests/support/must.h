// Must(result): the value of a Result, or a std::runtime_error carrying the error's text, for
// test set-up where a failure should end the test with its reason (GoogleTest reports the
// exception). Not for the behaviour under test: assert on the Result there.
#ifndef DRAFTBOX_TESTS_SUPPORT_MUST_H_
#define DRAFTBOX_TESTS_SUPPORT_MUST_H_

#include <stdexcept>
#include <utility>

#include "core/error.h"

namespace draftbox::test {

template <typename T>
T Must(Result<T> result) {
  if (!result) throw std::runtime_error(result.error().ToString());
  return std::move(*result);
}

inline void Must(Status status) {
  if (!status) throw std::runtime_error(status.error().ToString());
}

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_SUPPORT_MUST_H_
