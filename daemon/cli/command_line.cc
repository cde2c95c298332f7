#include "cli/command_line.h"

#include <cctype>

#include "cli/cli_support.h"
#include "core/version.h"

namespace draftbox {
namespace {

// The deepest subcommand the parser entered (the app itself when none).
const CLI::App& DeepestCommand(const CLI::App& app) {
  const CLI::App* current = &app;
  while (true) {
    std::vector<CLI::App*> chosen = current->get_subcommands();  // the parsed ones
    if (chosen.empty()) return *current;
    current = chosen.front();
  }
}

// "draftbox init" for the init subcommand, "draftbox" for the app itself.
std::string CommandPath(const CLI::App& command) {
  std::string path;
  for (const CLI::App* app = &command; app != nullptr; app = app->get_parent()) {
    path = app->get_parent() == nullptr ? "draftbox" + path : " " + app->get_name() + path;
  }
  return path;
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
  const CLI::App& command = DeepestCommand(app);
  const std::string path = CommandPath(command);
  std::string message = LowerFirst(error.what());
  // CLI11 reports a missing subcommand before a stray word, and lists stray words in a long
  // sentence; name the first one plainly instead.
  const std::vector<std::string> extras = command.remaining();
  const bool stray = dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr ||
                     (&command == &app && !extras.empty());
  if (stray && !extras.empty()) {
    const std::string& word = extras.front();
    if (word.starts_with("-")) {
      message = "unknown option '" + word + "'";
    } else {
      message = (&command == &app ? "unknown command '" : "unexpected argument '") + word + "'";
    }
  } else if (&command == &app && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
    message = "a command is required";
  }
  PrintError(env_.err, message + "; run '" + path + " --help'");
  return kExitUsage;
}

}  // namespace draftbox
