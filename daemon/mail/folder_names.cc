#include "mail/folder_names.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

namespace draftbox {
namespace {

// Most specific first. Localised names are what Thunderbird, Outlook, Apple Mail and Gmail
// create for users of those languages; servers without SPECIAL-USE still carry them.
constexpr std::array kDraftNames = {
    "Drafts",
    "Draft",
    "Entwürfe",
    "Brouillons",
    "Borradores",
    "Bozze",
    "Concepten",
    "Rascunhos",
    "Utkast",
    "Kladder",
    "[Gmail]/Drafts",
    "[Google Mail]/Drafts",
    "[Google Mail]/Entwürfe",
    "[Gmail]/Entwürfe",
    "[Gmail]/Brouillons",
};
constexpr std::array kSentNames = {
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "Gesendet",
    "Gesendete Objekte",
    "Gesendete Elemente",
    "Éléments envoyés",
    "Envoyés",
    "Enviados",
    "Elementos enviados",
    "Posta inviata",
    "Verzonden",
    "Verzonden items",
    "Skickat",
    "[Gmail]/Sent Mail",
    "[Google Mail]/Sent Mail",
    "[Google Mail]/Gesendet",
    "[Gmail]/Gesendet",
    "[Gmail]/Messages envoyés",
};
constexpr std::array kTrashNames = {
    "Trash",
    "Deleted Items",
    "Deleted Messages",
    "Papierkorb",
    "Gelöschte Elemente",
    "Corbeille",
    "Papelera",
    "Cestino",
    "Prullenbak",
    "[Gmail]/Trash",
    "[Google Mail]/Trash",
    "[Google Mail]/Papierkorb",
    "[Gmail]/Bin",
};

// Case-insensitive for ASCII; separators '.' and '/' compare equal so that "INBOX.Drafts" and
// "INBOX/Drafts" both match the candidate "INBOX/Drafts".
std::string Normalise(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '.') c = '/';
  }
  return out;
}

bool HasAttribute(const FolderInfo& folder, std::string_view wanted) {
  const std::string norm = Normalise(wanted);
  return std::any_of(folder.attributes.begin(), folder.attributes.end(),
                     [&](const std::string& a) { return Normalise(a) == norm; });
}

bool Selectable(const FolderInfo& folder) {
  return !HasAttribute(folder, "\\Noselect") && !HasAttribute(folder, "\\NonExistent");
}

std::optional<std::string> BySpecialUse(const std::vector<FolderInfo>& folders,
                                        std::string_view attribute) {
  for (const FolderInfo& f : folders) {
    if (Selectable(f) && HasAttribute(f, attribute)) return f.name;
  }
  return std::nullopt;
}

template <size_t N>
std::optional<std::string> ByName(const std::vector<FolderInfo>& folders,
                                  const std::array<const char*, N>& candidates) {
  for (const char* candidate : candidates) {
    const std::string plain = Normalise(candidate);
    const std::string under_inbox = "inbox/" + plain;
    for (const FolderInfo& f : folders) {
      const std::string name = Normalise(f.name);
      if (Selectable(f) && (name == plain || name == under_inbox)) return f.name;
    }
  }
  return std::nullopt;
}

template <size_t N>
Result<std::string> Choose(const std::vector<FolderInfo>& folders, const std::string& configured,
                           std::string_view config_key, std::string_view attribute,
                           const std::array<const char*, N>& candidates) {
  if (!configured.empty()) {
    for (const FolderInfo& f : folders) {
      if (f.name == configured) return f.name;
    }
    return Fail(ErrorCode::kNotFound, "configured " + std::string(config_key) + " \"" + configured +
                                          "\" does not exist on the IMAP server");
  }
  if (auto found = BySpecialUse(folders, attribute)) return *found;
  if (auto found = ByName(folders, candidates)) return *found;
  return Fail(ErrorCode::kNotFound, "no " + std::string(attribute) +
                                        " folder on the IMAP server (no SPECIAL-USE "
                                        "attribute and no common name); set " +
                                        std::string(config_key));
}

}  // namespace

Result<MailboxFolders> ChooseFolders(const std::vector<FolderInfo>& folders,
                                     const FolderOverrides& overrides) {
  MailboxFolders chosen;
  for (const FolderInfo& f : folders) {
    if (Normalise(f.name) == "inbox") chosen.inbox = f.name;
  }
  auto drafts = Choose(folders, overrides.drafts, "drafts_folder", "\\Drafts", kDraftNames);
  if (!drafts) return std::unexpected(drafts.error());
  auto sent = Choose(folders, overrides.sent, "sent_folder", "\\Sent", kSentNames);
  if (!sent) return std::unexpected(sent.error());
  chosen.drafts = *drafts;
  chosen.sent = *sent;
  if (auto trash = BySpecialUse(folders, "\\Trash")) {
    chosen.trash = *trash;
  } else if (auto by_name = ByName(folders, kTrashNames)) {
    chosen.trash = *by_name;
  }
  return chosen;
}

}  // namespace draftbox
