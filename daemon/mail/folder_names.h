// Chooses the Drafts, Sent and Trash folders from a server's folder list: a configured name
// first, then the RFC 6154 SPECIAL-USE attribute, then well-known (also localised) names.
// Pure functions, thread-safe.
#ifndef DRAFTBOX_MAIL_FOLDER_NAMES_H_
#define DRAFTBOX_MAIL_FOLDER_NAMES_H_

#include <string>
#include <vector>

#include "core/error.h"
#include "mail/mailbox.h"

namespace draftbox {

// One LIST entry: the decoded (UTF-8) name with the server's separator, and its attributes as
// the server sent them ("\\Drafts", "\\HasNoChildren", ...).
struct FolderInfo {
  std::string name;
  std::vector<std::string> attributes;
};

// Folder names from the configuration; empty means "find it".
struct FolderOverrides {
  std::string drafts;
  std::string sent;
};

// Returns the chosen folders. kNotFound when a configured folder does not exist (naming it
// and the config key) or when no Drafts or Sent folder can be found. Trash stays empty when
// there is none. \Noselect folders are never chosen.
Result<MailboxFolders> ChooseFolders(const std::vector<FolderInfo>& folders,
                                     const FolderOverrides& overrides);

}  // namespace draftbox

#endif  // DRAFTBOX_MAIL_FOLDER_NAMES_H_
