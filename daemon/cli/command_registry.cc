#include "cli/command_registry.h"

#include "cli/campaign_command.h"
#include "cli/classify_command.h"
#include "cli/daemon_command.h"
#include "cli/drafts_command.h"
#include "cli/events_command.h"
#include "cli/init_command.h"
#include "cli/native_host_command.h"
#include "cli/optouts_command.h"
#include "cli/recipients_command.h"
#include "cli/report_command.h"
#include "cli/status_command.h"
#include "cli/suppress_command.h"

namespace draftbox {

std::vector<std::unique_ptr<Command>> BuiltinCommands() {
  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(std::make_unique<CampaignCommand>());
  commands.push_back(std::make_unique<ClassifyCommand>());
  commands.push_back(std::make_unique<DaemonCommand>());
  commands.push_back(std::make_unique<DraftsCommand>());
  commands.push_back(std::make_unique<EventsCommand>());
  commands.push_back(std::make_unique<InitCommand>());
  commands.push_back(std::make_unique<NativeHostCommand>());
  commands.push_back(std::make_unique<OptOutsCommand>());
  commands.push_back(std::make_unique<RecipientsCommand>());
  commands.push_back(std::make_unique<ReportCommand>());
  commands.push_back(std::make_unique<StatusCommand>());
  commands.push_back(std::make_unique<SuppressCommand>());
  return commands;
}

}  // namespace draftbox
