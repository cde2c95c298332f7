// The composer [composer] configures: the embedded template composer, or the openai one over
// HTTP with the template composer as its fallback. Runs composer.api_key_command once, here,
// so a broken key command stops the daemon's start with a clear message instead of holding
// every draft. Thread-safe (each call builds its own composer).
#ifndef DRAFTBOX_MODEL_COMPOSER_FACTORY_H_
#define DRAFTBOX_MODEL_COMPOSER_FACTORY_H_

#include <memory>

#include "classify/opt_out_second_opinion.h"
#include "compose/composer.h"
#include "config/config.h"
#include "core/error.h"

namespace draftbox {

// kConfig naming composer.api_key_command when it fails (never with the key), or
// kInvalidArgument naming composer.endpoint when it is not usable.
Result<std::unique_ptr<Composer>> MakeComposer(const ComposerConfig& config);

// The model's second opinion on unclear opt-outs (model/model_opt_out_opinion.h) when the
// openai backend is configured, over the same endpoint, model and key (its timeout capped at
// ModelOptOutOpinion::kMaxTimeout); nullptr for the template backend: the rules alone decide.
// Errors as MakeComposer.
Result<std::unique_ptr<OptOutSecondOpinion>> MakeOptOutSecondOpinion(const ComposerConfig& config);

}  // namespace draftbox

#endif  // DRAFTBOX_MODEL_COMPOSER_FACTORY_H_
