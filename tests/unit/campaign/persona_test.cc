// ResolvePersona and PersonaNames: who a campaign writes as, from [sender] and
// [personas.NAME], and the errors that name the config key to fix.
#include "campaign/persona.h"

#include <gtest/gtest.h>

namespace draftbox {
namespace {

Config SenderConfig() {
  Config config;
  config.sender.name = "Dana Reyes";
  config.sender.address = "dana@example.com";
  config.sender.signature = "Dana Reyes\nAccount Executive";
  return config;
}

TEST(PersonaTest, DefaultIsTheSenderWrittenWarmAndPlain) {
  Result<Persona> persona = ResolvePersona(SenderConfig(), "default");
  ASSERT_TRUE(persona) << persona.error().ToString();
  EXPECT_EQ(persona->name, "default");
  EXPECT_EQ(persona->sender_name, "Dana Reyes");
  EXPECT_EQ(persona->sender_address, "dana@example.com");
  EXPECT_EQ(persona->signature, "Dana Reyes\nAccount Executive");
  EXPECT_EQ(persona->tone, "warm");
  EXPECT_EQ(persona->formality, "plain");
}

TEST(PersonaTest, DefaultIgnoresAPersonasEntryOfThatName) {
  // "default" always means [sender]; a [personas.default] must not silently change it.
  Config config = SenderConfig();
  config.personas["default"] = PersonaConfig{"direct", "formal", "Someone Else", "Bye"};
  Result<Persona> persona = ResolvePersona(config, "default");
  ASSERT_TRUE(persona) << persona.error().ToString();
  EXPECT_EQ(persona->sender_name, "Dana Reyes");
  EXPECT_EQ(persona->tone, "warm");
}

TEST(PersonaTest, NamedPersonaOverridesToneFormalityNameAndSignature) {
  Config config = SenderConfig();
  config.personas["exec"] =
      PersonaConfig{"formal", "formal", "Dr. Dana Reyes", "Dr. Dana Reyes\nVP Customer Success"};
  Result<Persona> persona = ResolvePersona(config, "exec");
  ASSERT_TRUE(persona) << persona.error().ToString();
  EXPECT_EQ(persona->name, "exec");
  EXPECT_EQ(persona->tone, "formal");
  EXPECT_EQ(persona->formality, "formal");
  EXPECT_EQ(persona->sender_name, "Dr. Dana Reyes");
  EXPECT_EQ(persona->signature, "Dr. Dana Reyes\nVP Customer Success");
  // The From address is the mailbox's, whatever the persona.
  EXPECT_EQ(persona->sender_address, "dana@example.com");
}

TEST(PersonaTest, NamedPersonaWithoutNameOrSignatureFallsBackToTheSender) {
  Config config = SenderConfig();
  config.personas["brief"] = PersonaConfig{"direct", "plain", "", ""};
  Result<Persona> persona = ResolvePersona(config, "brief");
  ASSERT_TRUE(persona) << persona.error().ToString();
  EXPECT_EQ(persona->tone, "direct");
  EXPECT_EQ(persona->sender_name, "Dana Reyes");
  EXPECT_EQ(persona->signature, "Dana Reyes\nAccount Executive");
}

TEST(PersonaTest, UnknownPersonaIsInvalidArgumentNamingTheKeyToAdd) {
  Config config = SenderConfig();
  config.personas["exec"] = PersonaConfig{};
  Result<Persona> persona = ResolvePersona(config, "ghost");
  ASSERT_FALSE(persona);
  EXPECT_EQ(persona.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(persona.error().message.find("'ghost'"), std::string::npos) << persona.error().message;
  EXPECT_NE(persona.error().message.find("[personas.ghost]"), std::string::npos)
      << persona.error().message;
}

TEST(PersonaTest, MissingSenderAddressIsInvalidArgumentNamingTheKey) {
  Config config = SenderConfig();
  config.sender.address.clear();
  for (const char* name : {"default", "exec"}) {
    config.personas["exec"] = PersonaConfig{};
    Result<Persona> persona = ResolvePersona(config, name);
    ASSERT_FALSE(persona) << name;
    EXPECT_EQ(persona.error().code, ErrorCode::kInvalidArgument) << name;
    EXPECT_NE(persona.error().message.find("sender.address"), std::string::npos)
        << persona.error().message;
  }
}

TEST(PersonaTest, PersonaNamesListDefaultFirstThenEveryConfiguredPersonaOnce) {
  Config config = SenderConfig();
  config.personas["exec"] = PersonaConfig{};
  config.personas["brief"] = PersonaConfig{};
  config.personas["default"] = PersonaConfig{};
  EXPECT_EQ(PersonaNames(config), (std::vector<std::string>{"default", "brief", "exec"}));
  EXPECT_EQ(PersonaNames(Config{}), (std::vector<std::string>{"default"}));
}

}  // namespace
}  // namespace draftbox
