// Who a campaign writes as: the [sender] of the config, shaped by a [personas.NAME] entry
// (DESIGN.md "Config"). Pure; thread-safe.
#ifndef DRAFTBOX_CAMPAIGN_PERSONA_H_
#define DRAFTBOX_CAMPAIGN_PERSONA_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "core/campaign.h"
#include "core/error.h"

namespace draftbox {

// The persona `name` ("default" = [sender], warm, plain). A persona's empty sender_name and
// signature fall back to [sender]'s; the address is always [sender].address. kInvalidArgument
// for an unknown persona or a [sender] without address, naming the config key to set.
Result<Persona> ResolvePersona(const Config& config, const std::string& name);

// "default" and every [personas.NAME] of the config: what a campaign file may name.
std::vector<std::string> PersonaNames(const Config& config);

}  // namespace draftbox

#endif  // DRAFTBOX_CAMPAIGN_PERSONA_H_
