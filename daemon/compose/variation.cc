#include "compose/variation.h"

namespace draftbox {
namespace {

// FNV-1a then the splitmix64 finaliser: fixed, portable, and well mixed for small inputs.
uint64_t Fnv1a(std::string_view text, uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

Variation::Variation(uint64_t seed, std::string_view recipient_email)
    : base_(Mix(seed ^ Fnv1a(recipient_email))) {}

size_t Variation::Pick(std::string_view slot, size_t n) const {
  if (n == 0) return 0;
  return static_cast<size_t>(Mix(base_ ^ Fnv1a(slot)) % n);
}

}  // namespace draftbox
