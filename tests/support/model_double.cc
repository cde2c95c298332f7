#include "support/model_double.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#ifndef DRAFTBOX_MODEL_DOUBLE
#error "DRAFTBOX_MODEL_DOUBLE must name tests/support/model-double"
#endif

namespace draftbox::test {
namespace {

std::string ScriptPath() {
  const char* source_dir = std::getenv("DRAFTBOX_SOURCE_DIR");
  if (source_dir != nullptr && *source_dir != '\0') {
    return std::string(source_dir) + "/tests/support/model-double";
  }
  return DRAFTBOX_MODEL_DOUBLE;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<std::unique_ptr<ModelDouble>> ModelDouble::Start(const std::vector<nlohmann::json>& steps) {
  Result<TempDir> dir = TempDir::Create("model-double");
  if (!dir) return std::unexpected(dir.error());
  const std::filesystem::path script = dir->path() / "script.json";
  {
    std::ofstream out(script);
    out << nlohmann::json{{"steps", steps}}.dump();
  }
  const std::filesystem::path port_file = dir->path() / "port";
  Result<std::unique_ptr<Subprocess>> process = Subprocess::Spawn(
      {.argv = {"python3", ScriptPath(), "--script", script.string(), "--port-file",
                port_file.string(), "--log", (dir->path() / "requests.jsonl").string(), "--stats",
                (dir->path() / "stats.json").string()}});
  if (!process) return std::unexpected(process.error());
  // Python starts in well under a second; ASan builds on a loaded machine get room.
  for (int i = 0; i < 300; ++i) {
    if (std::filesystem::exists(port_file)) {
      const int port = std::atoi(ReadFile(port_file).c_str());
      if (port > 0 && port < 65536) {
        return std::unique_ptr<ModelDouble>(
            new ModelDouble(std::move(*dir), std::move(*process), static_cast<uint16_t>(port)));
      }
    }
    if (!(*process)->Running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Fail(ErrorCode::kUnavailable,
              "model-double did not start listening: " + (*process)->Stderr());
}

ModelDouble::ModelDouble(TempDir dir, std::unique_ptr<Subprocess> process, uint16_t port)
    : dir_(std::move(dir)), process_(std::move(process)), port_(port) {}

std::string ModelDouble::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

std::vector<nlohmann::json> ModelDouble::Requests() const {
  std::vector<nlohmann::json> out;
  std::istringstream lines(ReadFile(dir_.path() / "requests.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json request = nlohmann::json::parse(line, nullptr, false);
    if (!request.is_discarded()) out.push_back(std::move(request));
  }
  return out;
}

int ModelDouble::MaxInFlight() const {
  nlohmann::json stats =
      nlohmann::json::parse(ReadFile(dir_.path() / "stats.json"), nullptr, false);
  if (!stats.is_object() || !stats["max_in_flight"].is_number_integer()) return 0;
  return stats["max_in_flight"].get<int>();
}

nlohmann::json ModelDouble::AnswerStep(const std::string& subject, const std::string& body,
                                       const nlohmann::json& sentences) {
  return {{"answer", {{"subject", subject}, {"body", body}, {"sentences", sentences}}}};
}

}  // namespace draftbox::test
