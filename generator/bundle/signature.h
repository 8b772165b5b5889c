// SSH signatures of a snapshot's SHA256SUMS, made and checked with OpenSSH's ssh-keygen the way
// git signs commits (`ssh-keygen -Y sign / find-principals / verify`), so that an auditor can
// check one with stock tools and no imsdoc.
#pragma once

#include <string>

namespace imsdoc {

// Signs `text` in namespace `ns` with `key`: a private key file, or a public key file whose
// private half is in ssh-agent. Returns "" and sets `*signature` (armoured), or the problem.
std::string ssh_sign(const std::string& text, const std::string& key, const std::string& ns,
                     std::string* signature);

struct SignatureCheck {
  bool valid = false;
  std::string signer;         // the principal of allowed_signers that made it (when valid)
  std::string problem;        // why not (when not valid)
  bool tool_missing = false;  // ssh-keygen could not be run
};

// Checks that `signature` signs `text` in namespace `ns` with a key that the allowed-signers
// file `allowed_signers` (ssh-keygen(1), ALLOWED SIGNERS) lists for that namespace.
SignatureCheck ssh_verify(const std::string& text, const std::string& signature,
                          const std::string& allowed_signers, const std::string& ns);

}  // namespace imsdoc
