#include "cli/cli_support.h"

#include <string>

namespace draftbox {

void AddConfigOption(CLI::App& app, GlobalOptions& global) {
  app.add_option("--config", global.config_file,
                 "Config file (default: $XDG_CONFIG_HOME/draftbox/config.toml)")
      ->type_name("FILE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

ConfigPaths ConfigPathsFor(const GlobalOptions& global) {
  ConfigPaths paths;
  if (!global.config_file.empty()) {
    paths.user_file = global.config_file;
    paths.user_file_explicit = true;
  }
  return paths;
}

Result<Config> LoadConfigOrReport(const GlobalOptions& global, std::ostream& err) {
  Result<Config> config = LoadConfig(ConfigPathsFor(global));
  if (!config) PrintError(err, config.error().message);
  return config;
}

void PrintError(std::ostream& err, std::string_view message) {
  std::string line;
  line.reserve(message.size());
  for (char c : message) {
    if (c == '\r') continue;
    if (c == '\n') {
      line += "; ";
      continue;
    }
    line += c;
  }
  while (!line.empty() && (line.back() == ' ' || line.back() == ';')) line.pop_back();
  err << "draftbox: " << line << '\n';
}

}  // namespace draftbox
