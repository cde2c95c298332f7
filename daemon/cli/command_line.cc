#include "cli/command_line.h"

#include <cctype>

#include "cli/cli_support.h"
#include "core/version.h"

namespace draftbox {
namespace {

// The deepest subcommand the parser entered, as "draftbox init" (or "draftbox" for none).
std::string CommandPath(const CLI::App& app) {
  std::string path = "draftbox";
  const CLI::App* current = &app;
  while (true) {
    std::vector<CLI::App*> chosen = current->get_subcommands();  // the parsed ones
    if (chosen.empty()) return path;
    current = chosen.front();
    path += " " + current->get_name();
  }
}

// CLI11's sentences start upper-case; our one-line errors continue after "draftbox: ".
std::string LowerFirst(std::string text) {
  if (!text.empty() && std::isupper(static_cast<unsigned char>(text[0])) &&
      !(text.size() > 1 && std::isupper(static_cast<unsigned char>(text[1])))) {
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

}  // namespace

CommandLine::CommandLine(std::vector<std::unique_ptr<Command>> commands, CliEnvironment env)
    : commands_(std::move(commands)), env_(std::move(env)) {}

int CommandLine::Run(const std::vector<std::string>& args) {
  std::vector<const char*> argv = {"draftbox"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  return Run(static_cast<int>(argv.size()), argv.data());
}

int CommandLine::Run(int argc, const char* const* argv) {
  GlobalOptions global;
  CLI::App app("Draftbox writes outbound email drafts into your IMAP Drafts folder.", "draftbox");
  app.set_version_flag("--version", std::string("draftbox ") + kVersion);
  app.require_subcommand(1);
  AddConfigOption(app, global);

  std::vector<std::pair<CLI::App*, Command*>> registered;
  for (const std::unique_ptr<Command>& command : commands_) {
    registered.emplace_back(command->Register(app, global), command.get());
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success, env_.out, env_.err);
  } catch (const CLI::ParseError& error) {
    return ReportUsageError(app, error);
  }

  for (auto& [sub, command] : registered) {
    if (sub->parsed()) return command->Run(global, env_);
  }
  PrintError(env_.err, "a command is required; run 'draftbox --help'");
  return kExitUsage;
}

int CommandLine::ReportUsageError(const CLI::App& app, const CLI::ParseError& error) {
  const std::string path = CommandPath(app);
  std::string message = LowerFirst(error.what());
  if (app.get_subcommands().empty()) {
    // CLI11 reports a missing subcommand before a stray word; name the word instead.
    std::vector<std::string> extras = app.remaining();
    if (!extras.empty()) {
      message = extras.front().starts_with("-") ? "unknown option '" + extras.front() + "'"
                                                : "unknown command '" + extras.front() + "'";
    } else if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
      message = "a command is required";
    }
  }
  PrintError(env_.err, message + "; run '" + path + " --help'");
  return kExitUsage;
}

}  // namespace draftbox
