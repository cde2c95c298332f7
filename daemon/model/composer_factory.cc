#include "model/composer_factory.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "compose/template_composer.h"
#include "config/secret_command.h"
#include "model/http_chat_transport.h"
#include "model/model_opt_out_opinion.h"
#include "model/openai_composer.h"

namespace draftbox {

namespace {

Result<HttpChatTransport> MakeTransport(const ComposerConfig& config,
                                        std::chrono::seconds timeout) {
  std::string key;
  if (!config.api_key_command.empty()) {
    Result<std::string> secret = RunSecretCommand(config.api_key_command);
    if (!secret) {
      return Fail(ErrorCode::kConfig, "composer.api_key_command: " + secret.error().message);
    }
    key = std::move(*secret);
  }
  return HttpChatTransport::Create(config.endpoint, std::move(key), timeout);
}

}  // namespace

Result<std::unique_ptr<Composer>> MakeComposer(const ComposerConfig& config) {
  if (config.backend != "openai") return std::make_unique<TemplateComposer>();
  Result<HttpChatTransport> transport =
      MakeTransport(config, std::chrono::seconds(config.timeout_seconds));
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

Result<std::unique_ptr<OptOutSecondOpinion>> MakeOptOutSecondOpinion(const ComposerConfig& config) {
  if (config.backend != "openai") return std::unique_ptr<OptOutSecondOpinion>();
  Result<HttpChatTransport> transport = MakeTransport(
      config,
      std::min(std::chrono::seconds(config.timeout_seconds), ModelOptOutOpinion::kMaxTimeout));
  if (!transport) return std::unexpected(transport.error());
  return std::make_unique<ModelOptOutOpinion>(
      std::make_unique<HttpChatTransport>(std::move(*transport)), config.model);
}

}  // namespace draftbox
