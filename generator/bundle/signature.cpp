#include "bundle/signature.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/process.h"
#include "base/temp_dir.h"
#include "base/text.h"
#include "bundle/file_output.h"

namespace fs = std::filesystem;

namespace imsdoc {

namespace {

constexpr const char* kSshKeygen = "ssh-keygen";
constexpr const char* kMissingHint =
    "ssh-keygen was not found or cannot sign (apt-get install openssh-client, OpenSSH 8.1 or "
    "later)";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The first line ssh-keygen wrote to stderr, as the reason something failed.
std::string first_line(const std::string& text) {
  std::string line = trim(text.substr(0, text.find('\n')));
  return line.empty() ? "ssh-keygen failed" : line;
}

}  // namespace

std::string ssh_sign(const std::string& text, const std::string& key, const std::string& ns,
                     std::string* signature) {
  std::error_code ec;
  if (!fs::is_regular_file(key, ec)) return "the signing key '" + key + "' is not a file";
  TempDir tmp;
  if (std::string why = tmp.create("imsdoc-sign-"); !why.empty()) {
    return "cannot create a temporary directory: " + why;
  }
  fs::path data = fs::path(tmp.path()) / "SHA256SUMS";
  if (std::string problem = write_file_atomically(text, data.string()); !problem.empty()) {
    return problem;
  }
  ProcessResult r = run_process(
      {kSshKeygen, "-Y", "sign", "-f", fs::absolute(key).string(), "-n", ns, data.string()});
  if (r.exit_code == 127 || (r.exit_code < 0 && r.out.empty())) return kMissingHint;
  if (r.exit_code != 0) return "cannot sign with '" + key + "': " + first_line(r.err);
  *signature = read_file(data.string() + ".sig");
  if (signature->empty()) return "cannot sign with '" + key + "': ssh-keygen wrote no signature";
  return "";
}

SignatureCheck ssh_verify(const std::string& text, const std::string& signature,
                          const std::string& allowed_signers, const std::string& ns) {
  SignatureCheck check;
  TempDir tmp;
  if (std::string why = tmp.create("imsdoc-verify-"); !why.empty()) {
    check.problem = "cannot create a temporary directory: " + why;
    return check;
  }
  fs::path data = fs::path(tmp.path()) / "SHA256SUMS";
  fs::path sig = fs::path(tmp.path()) / "SHA256SUMS.sig";
  for (const auto& [path, bytes] : {std::pair{data, &text}, std::pair{sig, &signature}}) {
    if (std::string problem = write_file_atomically(*bytes, path.string()); !problem.empty()) {
      check.problem = problem;
      return check;
    }
  }
  std::string allowed = fs::absolute(allowed_signers).string();
  // Who may have made it: the principals whose key made the signature...
  ProcessResult who = run_process(
      {kSshKeygen, "-Y", "find-principals", "-s", sig.string(), "-f", allowed, "-n", ns});
  if (who.exit_code == 127 || (who.exit_code < 0 && who.out.empty() && who.err.empty())) {
    check.tool_missing = true;
    check.problem = kMissingHint;
    return check;
  }
  if (who.exit_code != 0 || trim(who.out).empty()) {
    check.problem = "SHA256SUMS.sig was not made by a key of " + allowed_signers + " (" +
                    first_line(who.err) + ")";
    return check;
  }
  // ... and the signature checked for each, with the data.
  std::string principals = who.out;
  for (size_t start = 0; start < principals.size();) {
    size_t end = std::min(principals.find('\n', start), principals.size());
    std::string principal = trim(principals.substr(start, end - start));
    start = end + 1;
    if (principal.empty()) continue;
    ProcessResult r = run_process(
        {kSshKeygen, "-Y", "verify", "-f", allowed, "-I", principal, "-n", ns, "-s", sig.string()},
        "", data.string());
    if (r.exit_code == 0) {
      check.valid = true;
      check.signer = principal;
      return check;
    }
    check.problem = "SHA256SUMS.sig does not sign this SHA256SUMS (" + first_line(r.err) + ")";
  }
  if (check.problem.empty()) check.problem = "SHA256SUMS.sig names no signer";
  return check;
}

}  // namespace imsdoc
