#include "diagram/graphviz.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "base/text.h"

// Exported by libcgraph but not declared in its headers: the DOT scanner (flex, prefix "aag")
// keeps its read-ahead buffer between agread calls, so the rest of one graph's input (a final
// newline) would be scanned as the start of the next and shift its line numbers.
extern "C" int aaglex_destroy(void);

namespace imsdoc {

namespace {

// cgraph reports errors through one process-wide callback. The collector it writes into is
// set for the duration of one render() call only; the mutex keeps concurrent renderers apart.
std::mutex& graphviz_mutex() {
  static std::mutex m;
  return m;
}
std::string* g_error_sink = nullptr;

int collect_error(char* message) {
  if (g_error_sink) *g_error_sink += message;
  return 0;
}

class ErrorCapture {
 public:
  explicit ErrorCapture(std::string* sink) {
    g_error_sink = sink;
    previous_ = agseterrf(collect_error);
  }
  ~ErrorCapture() {
    agseterrf(previous_);
    g_error_sink = nullptr;
  }

 private:
  agusererrf previous_;
};

void split_messages(const std::string& raw, std::vector<GraphvizRenderer::Message>* out) {
  bool error = true;
  size_t start = 0;
  while (start < raw.size()) {
    size_t end = raw.find('\n', start);
    if (end == std::string::npos) end = raw.size();
    std::string line = raw.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    // A line without a prefix continues the previous message (AGPREV).
    if (line.rfind("Error: ", 0) == 0) {
      error = true;
      line = line.substr(7);
    } else if (line.rfind("Warning: ", 0) == 0) {
      error = false;
      line = line.substr(9);
    }
    out->push_back({error, line});
  }
}

// Attributes with which a DOT file could make Graphviz read other files (images, shapes,
// fonts) or reference outside resources: a diagram must be self-contained.
bool uses_file_attribute(Agraph_t* g, std::string* name) {
  static const char* kGraph[] = {"imagepath", "fontpath", "stylesheet", "fontnames"};
  static const char* kNode[] = {"image", "shapefile"};
  for (const char* a : kGraph) {
    if (agattr(g, AGRAPH, const_cast<char*>(a), nullptr)) return *name = a, true;
  }
  for (const char* a : kNode) {
    if (agattr(g, AGNODE, const_cast<char*>(a), nullptr)) return *name = a, true;
  }
  return false;
}

// True if an HTML-like label (label=<...>) of any object holds an <IMG>, which makes Graphviz
// read an image file. Only HTML labels count: "<img" in a quoted string is just text.
bool has_html_image(Agraph_t* root) {
  static const char* kLabels[] = {"label", "xlabel", "headlabel", "taillabel"};
  auto check = [&](void* obj, int kind) {
    for (const char* a : kLabels) {
      Agsym_t* sym = agattr(root, kind, const_cast<char*>(a), nullptr);
      if (!sym) continue;
      const char* v = agxget(obj, sym);
      if (!v || !aghtmlstr(const_cast<char*>(v))) continue;
      if (ascii_lower(v).find("<img") != std::string::npos) return true;
    }
    return false;
  };
  std::function<bool(Agraph_t*)> graph = [&](Agraph_t* g) {
    if (check(g, AGRAPH)) return true;
    for (Agraph_t* sub = agfstsubg(g); sub; sub = agnxtsubg(sub)) {
      if (graph(sub)) return true;
    }
    return false;
  };
  if (graph(root)) return true;
  for (Agnode_t* n = agfstnode(root); n; n = agnxtnode(root, n)) {
    if (check(n, AGNODE)) return true;
    for (Agedge_t* e = agfstout(root, n); e; e = agnxtout(root, e)) {
      if (check(e, AGEDGE)) return true;
    }
  }
  return false;
}

// The 1-based line of the first "<img" (any case) in `dot`, 0 if there is none.
int image_line(const std::string& dot) {
  size_t at = ascii_lower(dot).find("<img");
  if (at == std::string::npos) return 0;
  return 1 + static_cast<int>(std::count(dot.begin(), dot.begin() + at, '\n'));
}

// Object ids that depend only on the DOT text. cgraph's default id discipline uses the address
// of each interned name as its id, and subgraphs are kept (and clusters drawn) in id order: the
// order, and so the output bytes, would depend on the state of the heap. Here a name's id is its
// order of first appearance, and anonymous objects are numbered per graph.
struct IdState {
  std::map<std::string, IDTYPE> by_name;
  std::map<IDTYPE, const std::string*> names;
  IDTYPE next_named = 2;  // even: named (the parity tells print() which is which)
  IDTYPE next_anonymous = 1;
};

void* id_open(Agraph_t*, Agdisc_t*) { return new IdState; }

long id_map(void* state, int, char* str, IDTYPE* id, int create) {
  auto* s = static_cast<IdState*>(state);
  if (!str) {
    *id = s->next_anonymous;
    s->next_anonymous += 2;
    return 1;
  }
  auto it = s->by_name.find(str);
  if (it != s->by_name.end()) {
    *id = it->second;
    return 1;
  }
  if (!create) return 0;
  it = s->by_name.emplace(str, s->next_named).first;
  s->next_named += 2;
  s->names[it->second] = &it->first;
  *id = it->second;
  return 1;
}

long id_alloc(void*, int, IDTYPE) { return 0; }  // no caller-chosen ids
void id_free(void*, int, IDTYPE) {}              // names live until the graph closes
char* id_print(void* state, int, IDTYPE id) {
  auto* s = static_cast<IdState*>(state);
  auto it = s->names.find(id);
  return it == s->names.end() ? nullptr : const_cast<char*>(it->second->c_str());
}
void id_close(void* state) { delete static_cast<IdState*>(state); }
void id_register(void*, int, void*) {}

Agiddisc_t kIdDisc = {id_open, id_map, id_alloc, id_free, id_print, id_close, id_register};

// Reading from memory, one line per call as agmemread does.
struct MemoryInput {
  const char* data;
  size_t length;
  size_t pos = 0;
};

int memory_read(void* chan, char* buf, int bufsize) {
  auto* in = static_cast<MemoryInput*>(chan);
  int n = 0;
  while (n < bufsize && in->pos < in->length) {
    char c = in->data[in->pos++];
    buf[n++] = c;
    if (c == '\n') break;
  }
  return n;
}

Agraph_t* read_graph(const std::string& dot) {
  static Agiodisc_t io = {memory_read, AgIoDisc.putstr, AgIoDisc.flush};
  static Agdisc_t disc = {&AgMemDisc, &kIdDisc, &io};
  MemoryInput in{dot.data(), dot.size()};
  Agraph_t* g = agread(&in, &disc);
  aaglex_destroy();
  return g;
}

constexpr int kPngDpi = 192;
constexpr double kMaxPngWidth = 2000;

bool render_format(GVC_t* gvc, Agraph_t* g, const char* format, std::string* out) {
  char* data = nullptr;
  unsigned int length = 0;
  if (gvRenderData(gvc, g, format, &data, &length) != 0) return false;
  out->assign(data, length);
  gvFreeRenderData(data);
  return true;
}

}  // namespace

namespace {

// One Graphviz context for the whole process, never freed. Graphviz 2.43's pango plugin keeps a
// pointer to the last font name it measured, which lives in the context: after gvFreeContext
// the next context's first text measurement reads freed memory (AddressSanitizer shows it). So
// a second context must never follow a first. Created under graphviz_mutex().
GVC_t* process_context() {
  static GVC_t* gvc = gvContext();
  return gvc;
}

}  // namespace

GraphvizRenderer::GraphvizRenderer() {
  std::lock_guard<std::mutex> lock(graphviz_mutex());
  gvc_ = process_context();
}

GraphvizRenderer::~GraphvizRenderer() = default;

std::string GraphvizRenderer::version() const {
  const char* v = gvcVersion(static_cast<GVC_t*>(gvc_));
  return v ? v : "";
}

namespace {

// What a layout in the child process sends back: ok flag, SVG, PNG and Graphviz's messages,
// each length-prefixed.
void put(std::string* buf, const std::string& s) {
  uint64_t n = s.size();
  buf->append(reinterpret_cast<const char*>(&n), sizeof n);
  buf->append(s);
}

bool get(const std::string& buf, size_t* pos, std::string* s) {
  uint64_t n = 0;
  if (buf.size() - *pos < sizeof n) return false;
  std::memcpy(&n, buf.data() + *pos, sizeof n);
  *pos += sizeof n;
  if (buf.size() - *pos < n) return false;
  s->assign(buf, *pos, n);
  *pos += n;
  return true;
}

bool write_all(int fd, const std::string& data) {
  for (size_t done = 0; done < data.size();) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

// Graphviz 2.42's dot layout has memory errors on some inputs (a flat-edge rank array freed
// twice, found by fuzzing a hand-authored diagram): a crash there must not take imsdoc, and
// the build it is part of, down with it. So each layout runs in a child process, which sends
// its output back through a pipe; a child killed by a signal becomes an error message.
bool GraphvizRenderer::render(const std::string& dot, bool png, Output* out,
                              std::vector<Message>* messages) {
  std::lock_guard<std::mutex> lock(graphviz_mutex());
  int fds[2];
  if (::pipe(fds) != 0) return render_here(dot, png, out, messages);
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return render_here(dot, png, out, messages);
  }
  if (pid == 0) {
    ::close(fds[0]);
    std::vector<Message> found;
    bool ok = render_here(dot, png, out, &found);
    std::string buf(1, ok ? '1' : '0');
    put(&buf, out->svg);
    put(&buf, out->png);
    for (const auto& m : found) put(&buf, std::string(1, m.error ? 'E' : 'W') + m.text);
    _exit(write_all(fds[1], buf) ? 0 : 1);  // no atexit handlers: the parent owns them
  }
  ::close(fds[1]);
  std::string buf;
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buf.append(chunk, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  size_t pos = 1;
  std::string item;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || buf.empty() || !get(buf, &pos, &out->svg) ||
      !get(buf, &pos, &out->png)) {
    out->svg.clear();
    out->png.clear();
    std::string why =
        WIFSIGNALED(status) ? std::string(" (") + strsignal(WTERMSIG(status)) + ")" : std::string();
    messages->push_back({true, "Graphviz failed while laying out this diagram" + why +
                                   "; simplify the graph or report it"});
    return false;
  }
  while (get(buf, &pos, &item)) messages->push_back({item[0] == 'E', item.substr(1)});
  return buf[0] == '1';
}

bool GraphvizRenderer::render_here(const std::string& dot, bool png, Output* out,
                                   std::vector<Message>* messages) {
  GVC_t* gvc = static_cast<GVC_t*>(gvc_);
  std::string raw;
  bool ok = false;
  {
    ErrorCapture capture(&raw);
    char file_name[] = "<dot>";
    agsetfile(file_name);  // also resets the line counter of the previous parse
    Agraph_t* g = read_graph(dot);
    std::string attribute;
    if (!g) {
      if (raw.empty()) raw = "Error: no graph in the DOT text\n";
    } else if (uses_file_attribute(g, &attribute)) {
      raw += "Error: attribute '" + attribute +
             "' is not allowed: a diagram cannot refer to other files\n";
    } else if (has_html_image(g)) {
      raw +=
          "Error: <IMG> is not allowed in labels: a diagram cannot refer to other files in line " +
          std::to_string(image_line(dot)) + "\n";
    } else if (gvLayout(gvc, g, "dot") != 0) {
      if (raw.empty()) raw = "Error: the layout failed\n";
    } else {
      ok = render_format(gvc, g, "svg", &out->svg);
      double width_pt = GD_bb(g).UR.x - GD_bb(g).LL.x;
      gvFreeLayout(gvc, g);
      // The PNG is for print (Word): twice the screen resolution, but at most kMaxPngWidth
      // pixels wide (Word scales a wide diagram down to the text width anyway). dpi scales the
      // drawing, not the layout, but it is read when laying out.
      int dpi = kPngDpi;
      if (width_pt * kPngDpi / 72 > kMaxPngWidth) {
        dpi = std::max(24, static_cast<int>(kMaxPngWidth * 72 / width_pt));
      }
      std::string dpi_text = std::to_string(dpi);
      char dpi_name[] = "dpi", none[] = "";
      agsafeset(g, dpi_name, dpi_text.data(), none);
      if (!ok || !png) {
        // SVG only, or already failed
      } else if (gvLayout(gvc, g, "dot") == 0) {
        ok = render_format(gvc, g, "png", &out->png);
        gvFreeLayout(gvc, g);
      } else {
        ok = false;
      }
      if (!ok) raw += "Error: Graphviz cannot render SVG and PNG (is the cairo plugin there?)\n";
    }
    if (g) agclose(g);
  }
  split_messages(raw, messages);
  for (const auto& m : *messages) ok = ok && !m.error;
  return ok;
}

}  // namespace imsdoc
