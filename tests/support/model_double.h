// Starts tests/support/model-double, a scripted OpenAI-compatible chat-completions server on a
// free loopback port, as a separate process (see the script's header for the step format), and
// reads back the requests it received. The process is killed when the ModelDouble goes.
// Not thread-safe: one owner; Requests() may be called while the double serves.
#ifndef DRAFTBOX_TESTS_SUPPORT_MODEL_DOUBLE_H_
#define DRAFTBOX_TESTS_SUPPORT_MODEL_DOUBLE_H_

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace draftbox::test {

class ModelDouble {
 public:
  // Starts the double with `steps` (step objects, in order) and waits until it listens.
  // kIo when python3 or the script cannot start, kUnavailable when it does not listen in time.
  static Result<std::unique_ptr<ModelDouble>> Start(const std::vector<nlohmann::json>& steps);

  // "http://127.0.0.1:PORT/v1": what composer.endpoint would say.
  std::string endpoint() const;
  uint16_t port() const { return port_; }

  // Every request so far, in arrival order: {"time", "path", "authorization", "body"}.
  std::vector<nlohmann::json> Requests() const;

  // The most requests the double was answering at one time so far (read, not yet answered,
  // a step's delay included); 0 before the first request.
  int MaxInFlight() const;

  // A chat completion answer step: {"answer": {"subject", "body", "sentences"}}.
  static nlohmann::json AnswerStep(const std::string& subject, const std::string& body,
                                   const nlohmann::json& sentences);

 private:
  ModelDouble(TempDir dir, std::unique_ptr<Subprocess> process, uint16_t port);

  TempDir dir_;
  std::unique_ptr<Subprocess> process_;
  uint16_t port_;
};

}  // namespace draftbox::test

#endif  // DRAFTBOX_TESTS_SUPPORT_MODEL_DOUBLE_H_
