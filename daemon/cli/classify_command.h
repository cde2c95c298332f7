// `draftbox classify FILE.eml...`: says offline, without the daemon, what each incoming message
// is (classify/message_classifier.h), as one JSON object per line per file in the order given.
// A file that cannot be read gets one "draftbox: FILE: reason" line on stderr; the others are
// still printed and the exit code is then 1. Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_CLASSIFY_COMMAND_H_
#define DRAFTBOX_CLI_CLASSIFY_COMMAND_H_

#include <string>
#include <vector>

#include "cli/command.h"

namespace draftbox {

class ClassifyCommand : public Command {
 public:
  // Files larger than this are read only this far (the classifier reads no further anyway).
  static constexpr size_t kMaxFileBytes = 8 * 1024 * 1024;

  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;

  // Returns 1 if any file could not be read (after printing the rest), 0 otherwise.
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  std::vector<std::string> files_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_CLASSIFY_COMMAND_H_
