// The version string reported by `draftbox --version` and GET /v1/health.
#ifndef DRAFTBOX_CORE_VERSION_H_
#define DRAFTBOX_CORE_VERSION_H_

namespace draftbox {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace draftbox

#endif  // DRAFTBOX_CORE_VERSION_H_
