// Small helpers every benchmark binary needs: peak memory, a fresh work directory, required
// environment variables, and running a baseline script that answers with one JSON line.
// Free functions; thread-safe except RunJsonScript (it forks).
#ifndef DRAFTBOX_BENCH_BENCH_SUPPORT_H_
#define DRAFTBOX_BENCH_BENCH_SUPPORT_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "mail/imap_mailbox.h"

namespace draftbox::bench {

// The process's peak resident set so far (getrusage ru_maxrss), in MiB.
double PeakRssMegabytes();

// User + system CPU time this process has used so far, in seconds (getrusage).
double CpuSeconds();

// A new 0755 directory under the system temp dir, named after `prefix` (Dovecot's own users
// must be able to traverse it). kIo if it cannot be made.
Result<std::filesystem::path> MakeWorkDir(const std::string& prefix);

// The value of environment variable `name`; kInvalidArgument naming it when unset or empty.
Result<std::string> RequiredEnv(const char* name);

// The throwaway Dovecot of the environment (IMAP_HOST, IMAPS_PORT or IMAP_PORT, IMAP_USER,
// IMAP_PASSWORD, CA_FILE: its env file) as ImapOptions, over TLS when `security` is "tls",
// else plain. kInvalidArgument naming the first variable missing.
Result<ImapOptions> MailboxFromEnv(const std::string& security);

// Runs `argv` (argv[0] looked up in PATH), its stderr passed through, and parses the last
// non-empty line of its stdout as a JSON object. kIo if it cannot start, exits non-zero or
// does not answer with a JSON object (the message says which).
Result<nlohmann::json> RunJsonScript(const std::vector<std::string>& argv);

}  // namespace draftbox::bench

#endif  // DRAFTBOX_BENCH_BENCH_SUPPORT_H_
