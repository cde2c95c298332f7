#include "model/composer_factory.h"

#include <chrono>
#include <utility>

#include "compose/template_composer.h"
#include "config/secret_command.h"
#include "model/http_chat_transport.h"
#include "model/openai_composer.h"

namespace draftbox {

Result<std::unique_ptr<Composer>> MakeComposer(const ComposerConfig& config) {
  if (config.backend != "openai") return std::make_unique<TemplateComposer>();
  std::string key;
  if (!config.api_key_command.empty()) {
    Result<std::string> secret = RunSecretCommand(config.api_key_command);
    if (!secret) {
      return Fail(ErrorCode::kConfig, "composer.api_key_command: " + secret.error().message);
    }
    key = std::move(*secret);
  }
  Result<HttpChatTransport> transport = HttpChatTransport::Create(
      config.endpoint, std::move(key), std::chrono::seconds(config.timeout_seconds));
  if (!transport) return std::unexpected(transport.error());
  OpenAiComposerOptions options;
  options.model = config.model;
  options.max_concurrent = config.max_concurrent;
  options.fallback_to_template = config.on_unreachable == "template";
  options.chat.max_retries = config.max_retries;
  return std::make_unique<OpenAiComposer>(
      std::make_unique<HttpChatTransport>(std::move(*transport)),
      std::make_unique<TemplateComposer>(), std::move(options));
}

}  // namespace draftbox
