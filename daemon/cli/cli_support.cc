#include "cli/cli_support.h"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/text.h"

namespace draftbox {

void AddConfigOption(CLI::App& app, GlobalOptions& global) {
  app.add_option("--config", global.config_file,
                 "Config file (default: $DRAFTBOX_CONFIG, else "
                 "$XDG_CONFIG_HOME/draftbox/config.toml or ~/.config/draftbox/config.toml)")
      ->type_name("FILE")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

ConfigPaths ConfigPathsFor(const GlobalOptions& global) {
  ConfigPaths paths;
  paths.system_file = SystemConfigPath();
  paths.require_file = true;
  if (!global.config_file.empty()) {
    paths.user_file = global.config_file;
    paths.user_file_explicit = true;
    paths.user_file_origin = "--config";
  } else if (const char* env = std::getenv("DRAFTBOX_CONFIG"); env != nullptr && *env != '\0') {
    paths.user_file = env;
    paths.user_file_explicit = true;
    paths.user_file_origin = "DRAFTBOX_CONFIG";
  }
  return paths;
}

Result<Config> LoadConfigOrReport(const GlobalOptions& global, std::ostream& err) {
  Result<Config> config = LoadConfig(ConfigPathsFor(global));
  if (!config) {
    // One line per problem: a config with three mistakes shows all three, each with its line.
    std::string_view rest = config.error().message;
    while (!rest.empty()) {
      const size_t end = rest.find('\n');
      PrintError(err, rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
  }
  return config;
}

Result<std::string> ReadTextFile(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, "cannot read " + file + ": no such file or not readable");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Fail(ErrorCode::kIo, "cannot read " + file);
  return text.str();
}

Result<std::string> ReadUtf8File(const std::string& file) {
  Result<std::string> text = ReadTextFile(file);
  if (!text) return text;
  int64_t line = 1;
  for (size_t i = 0; i < text->size();) {
    char32_t code_point = 0;
    const size_t n = DecodeUtf8At(*text, i, &code_point);
    if (n == 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  file + ":" + std::to_string(line) + ": not valid UTF-8 (save the file as UTF-8)");
    }
    if (code_point == U'\n') ++line;
    i += n;
  }
  return text;
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
