// SHA-256 digests (OpenSSL's libcrypto, used only here).
#pragma once

#include <string>
#include <string_view>

namespace imsdoc {

// The SHA-256 of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace imsdoc
