#include "campaign/persona.h"

namespace draftbox {

Result<Persona> ResolvePersona(const Config& config, const std::string& name) {
  if (config.sender.address.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "sender.address is not set in the config: drafts need a From address");
  }
  Persona persona;
  persona.name = name;
  persona.sender_name = config.sender.name;
  persona.sender_address = config.sender.address;
  persona.signature = config.sender.signature;
  if (name == "default") return persona;
  auto it = config.personas.find(name);
  if (it == config.personas.end()) {
    return Fail(ErrorCode::kInvalidArgument,
                "persona '" + name + "' is not defined: add [personas." + name + "] to the config");
  }
  const PersonaConfig& shape = it->second;
  persona.tone = shape.tone;
  persona.formality = shape.formality;
  if (!shape.sender_name.empty()) persona.sender_name = shape.sender_name;
  if (!shape.signature.empty()) persona.signature = shape.signature;
  return persona;
}

std::vector<std::string> PersonaNames(const Config& config) {
  std::vector<std::string> names = {"default"};
  for (const auto& [name, persona] : config.personas) {
    if (name != "default") names.push_back(name);
  }
  return names;
}

}  // namespace draftbox
