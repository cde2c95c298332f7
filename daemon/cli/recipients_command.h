// `draftbox recipients import FILE [--activities FILE.csv] [--format csv|jsonl]
//  [--encoding utf-8|windows-1252|latin1] [--json]`,
// `draftbox recipients list [--limit N] [--offset N] [--json]` and
// `draftbox recipients show ID|EMAIL [--json]`: clients of /v1/recipients.
//
// import reads the files here (converted to UTF-8 from --encoding; a file that is not UTF-8
// without it is refused naming the line and suggesting --encoding) and sends their contents;
// the daemon parses them, stores them in
// the background (the command polls /v1/imports/{id} and draws a progress bar when stderr is a
// terminal) and ends with counts and the bad rows. Exit 0 when the import ran and stored at least
// one recipient (bad rows are printed to stderr as FILE:LINE: field: reason), or when the file had
// no rows and no errors; 1 when nothing could be imported, a file cannot be read, or the daemon
// fails; 2 on bad usage. Not thread-safe (one run per process).
#ifndef DRAFTBOX_CLI_RECIPIENTS_COMMAND_H_
#define DRAFTBOX_CLI_RECIPIENTS_COMMAND_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "core/error.h"

namespace draftbox {

class RecipientsCommand : public Command {
 public:
  CLI::App* Register(CLI::App& app, GlobalOptions& global) override;
  int Run(const GlobalOptions& global, CliEnvironment& env) override;

 private:
  int RunImport(const GlobalOptions& global, CliEnvironment& env);
  // The request body from the files named on the command line; kIo / kInvalidArgument naming
  // the file (and line) when one cannot be read or is not in the encoding given.
  Result<nlohmann::json> ReadImportRequest() const;
  // Prints an import result (recipients_import_response.json); returns the exit code.
  int ReportImport(const nlohmann::json& result, CliEnvironment& env) const;
  int RunList(const GlobalOptions& global, CliEnvironment& env);
  int RunShow(const GlobalOptions& global, CliEnvironment& env);

  CLI::App* import_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  std::string file_;
  std::string activities_file_;
  std::string format_;
  std::string encoding_;  // of the files read by import; "" = UTF-8
  std::string key_;
  int64_t limit_ = 50;
  int64_t offset_ = 0;
  bool json_ = false;
};

// The text form of an import answer (shared/api/recipients_import_response.json): the summary
// line for stdout.
std::string RenderImportSummary(const nlohmann::json& result);

// A table of a list answer under the column headers ID, EMAIL, NAME, COMPANY, ACCOUNT STATE,
// then "N of TOTAL recipients".
std::string RenderRecipientList(const nlohmann::json& page);

// A recipient with its activities, for people.
std::string RenderRecipient(const nlohmann::json& recipient);

}  // namespace draftbox

#endif  // DRAFTBOX_CLI_RECIPIENTS_COMMAND_H_
