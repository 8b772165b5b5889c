#include "bundle/pdf.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/process.h"
#include "base/text.h"

namespace fs = std::filesystem;

namespace imsdoc {

const char* const kWeasyPrintMissingHint =
    "install the Debian package 'weasyprint' (apt-get install --no-install-recommends "
    "weasyprint python3-munkres)";

namespace {

// Exit status of the script when `import weasyprint` fails.
constexpr int kNoWeasyPrint = 90;

// argv: print.html, manual.pdf. Refused URLs are reported on stderr as "imsdoc-refused <url>".
constexpr const char* kScript = R"PY(
import logging, os, sys
from urllib.parse import unquote, urlsplit
# fontTools stamps the font subsets it embeds with the time unless this is set: same input,
# same PDF bytes.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
try:
    import weasyprint
except ImportError:
    sys.exit(90)
html, pdf = sys.argv[1], sys.argv[2]
root = os.path.realpath(os.path.dirname(os.path.abspath(html)))
refused = []
def fetch(url, timeout=10, ssl_context=None):
    parts = urlsplit(url)
    if parts.scheme == "data":
        return weasyprint.default_url_fetcher(url, timeout, ssl_context)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        path = os.path.realpath(unquote(parts.path))
        if path.startswith(root + os.sep) and os.path.isfile(path):
            return weasyprint.default_url_fetcher(url, timeout, ssl_context)
    if url not in refused:
        refused.append(url)
    raise ValueError("not fetched: " + url)
logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
weasyprint.HTML(filename=html, url_fetcher=fetch).write_pdf(pdf)
for url in refused:
    sys.stderr.write("imsdoc-refused " + url + "\n")
)PY";

// The program `name` in PATH, or "".
std::string find_in_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    fs::path candidate = (dir.empty() ? fs::path(".") : fs::path(dir)) / name;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
  }
  return "";
}

}  // namespace

std::string find_weasyprint(WeasyPrint* w) {
  std::string program = find_in_path("weasyprint");
  if (program.empty()) return "weasyprint is not installed (not found in PATH)";
  // The interpreter from its #! line: `python3` in PATH may be another Python without it.
  std::ifstream in(program);
  std::string first;
  std::getline(in, first);
  w->interpreter = "python3";
  if (starts_with(first, "#!")) {
    std::stringstream words(first.substr(2));
    std::string cmd, arg;
    words >> cmd >> arg;
    if (ends_with(cmd, "/env") && arg.find("python") != std::string::npos) {
      w->interpreter = arg;
    } else if (cmd.find("python") != std::string::npos) {
      w->interpreter = cmd;
    }
  }
  return "";
}

PdfResult render_pdf(const WeasyPrint& w, const std::string& html_path,
                     const std::string& pdf_path) {
  PdfResult result;
  ProcessResult r = run_process({w.interpreter, "-c", kScript, html_path, pdf_path});
  std::string other;
  std::stringstream lines(r.err);
  for (std::string line; std::getline(lines, line);) {
    if (starts_with(line, "imsdoc-refused ")) {
      result.refused.push_back(line.substr(15));
    } else if (!trim(line).empty()) {
      other = line;  // the last line of a Python traceback says what went wrong
    }
  }
  if (r.exit_code == kNoWeasyPrint) {
    result.error = "weasyprint is not installed for " + w.interpreter;
  } else if (r.exit_code != 0) {
    result.error = "weasyprint failed" + (other.empty() ? std::string() : ": " + other);
  } else if (std::error_code ec; !fs::is_regular_file(pdf_path, ec)) {
    result.error = "weasyprint wrote no PDF";
  }
  return result;
}

}  // namespace imsdoc
