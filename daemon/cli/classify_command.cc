#include "cli/classify_command.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "classify/message_classifier.h"
#include "cli/cli_support.h"

namespace draftbox {
namespace {

// Reads at most `limit` bytes of `path` into `out`; returns an empty string on success, else
// the reason it could not be read.
std::string ReadFilePrefix(const std::string& path, size_t limit, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::strerror(errno);
  out.resize(limit);
  in.read(out.data(), static_cast<std::streamsize>(limit));
  if (in.bad()) return "read failed";
  out.resize(static_cast<size_t>(in.gcount()));
  // A directory opens on Linux but cannot be read.
  if (out.empty() && in.fail() && !in.eof()) return "not a regular file";
  return {};
}

}  // namespace

CLI::App* ClassifyCommand::Register(CLI::App& app, GlobalOptions& /*global*/) {
  CLI::App* sub = app.add_subcommand(
      "classify",
      "Say what each message file is (reply, auto_reply, bounce, feedback, other), offline; one "
      "JSON line per file");
  sub->add_option("files", files_, "Message files (.eml, RFC 5322)")->required()->type_name("FILE");
  return sub;
}

int ClassifyCommand::Run(const GlobalOptions& /*global*/, CliEnvironment& env) {
  int exit_code = 0;
  for (const std::string& file : files_) {
    std::string raw;
    std::string problem = ReadFilePrefix(file, kMaxFileBytes, raw);
    if (!problem.empty()) {
      PrintError(env.err, file + ": cannot read: " + problem);
      exit_code = 1;
      continue;
    }
    Classification result = ClassifyMessage(raw);
    env.out << ClassificationToJson(result, file)
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
  }
  env.out.flush();
  return exit_code;
}

}  // namespace draftbox
