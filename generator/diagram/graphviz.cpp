#include "diagram/graphviz.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
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
    out->push_back({error, false, line, ""});
  }
}

// Attributes with which a DOT file could make Graphviz read other files (images, shapes,
// fonts) or reference outside resources: a diagram must be self-contained. Attributes whose
// names start with '_' are xdot drawing operations (_background, _draw_, ...), which can draw
// an image file too; a font name with a slash is a font file's path for some renderers.
bool uses_file_attribute(Agraph_t* g, std::string* name) {
  static const char* kGraph[] = {"imagepath", "fontpath", "stylesheet", "fontnames"};
  static const char* kNode[] = {"image", "shapefile"};
  for (const char* a : kGraph) {
    if (agattr(g, AGRAPH, const_cast<char*>(a), nullptr)) return *name = a, true;
  }
  for (const char* a : kNode) {
    if (agattr(g, AGNODE, const_cast<char*>(a), nullptr)) return *name = a, true;
  }
  for (int kind : {AGRAPH, AGNODE, AGEDGE}) {
    for (Agsym_t* sym = agnxtattr(g, kind, nullptr); sym; sym = agnxtattr(g, kind, sym)) {
      if (sym->name[0] == '_') return *name = sym->name, true;
    }
  }
  return false;
}

// Visits the root graph and every subgraph, without recursion (subgraphs nest as deep as the
// DOT text does).
template <typename F>
void for_each_graph(Agraph_t* root, F f) {
  std::vector<Agraph_t*> pending{root};
  while (!pending.empty()) {
    Agraph_t* g = pending.back();
    pending.pop_back();
    f(g);
    for (Agraph_t* sub = agfstsubg(g); sub; sub = agnxtsubg(sub)) pending.push_back(sub);
  }
}

// A font name (fontname, labelfontname, or FACE in an HTML label) that is a path.
bool is_font_path(const char* v, bool label) {
  if (!v) return false;
  if (!label) return std::strpbrk(v, "/\\") != nullptr;
  if (!aghtmlstr(const_cast<char*>(v))) return false;  // a quoted label is only text
  std::string s = ascii_lower(v);
  for (size_t at = s.find("face"); at != std::string::npos; at = s.find("face", at + 4)) {
    size_t q = s.find_first_of("\"'", at);
    size_t end = q == std::string::npos ? std::string::npos : s.find(s[q], q + 1);
    if (end != std::string::npos && s.find_first_of("/\\", q) < end) return true;
  }
  return false;
}

bool uses_font_path(Agraph_t* root, std::string* name) {
  struct Attr {
    int kind;
    const char* name;
    bool label;
  };
  static const Attr kFonts[] = {
      {AGRAPH, "fontname", false},      {AGNODE, "fontname", false}, {AGEDGE, "fontname", false},
      {AGEDGE, "labelfontname", false}, {AGRAPH, "label", true},     {AGNODE, "label", true},
      {AGNODE, "xlabel", true},         {AGEDGE, "label", true},     {AGEDGE, "xlabel", true},
      {AGEDGE, "headlabel", true},      {AGEDGE, "taillabel", true}};
  bool found = false;
  for (const Attr& a : kFonts) {
    Agsym_t* sym = agattr(root, a.kind, const_cast<char*>(a.name), nullptr);
    if (!sym) continue;
    auto check = [&](void* obj) {
      if (!found && is_font_path(agxget(obj, sym), a.label)) found = true;
    };
    if (a.kind == AGRAPH) for_each_graph(root, check);
    for (Agnode_t* n = agfstnode(root); n && !found; n = agnxtnode(root, n)) {
      if (a.kind == AGNODE) check(n);
      for (Agedge_t* e = agfstout(root, n); e && a.kind == AGEDGE && !found;
           e = agnxtout(root, e)) {
        check(e);
      }
    }
    if (found) return *name = a.name, true;
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
  bool found = false;
  for_each_graph(root, [&](Agraph_t* g) { found = found || check(g, AGRAPH); });
  if (found) return true;
  for (Agnode_t* n = agfstnode(root); n; n = agnxtnode(root, n)) {
    if (check(n, AGNODE)) return true;
    for (Agedge_t* e = agfstout(root, n); e; e = agnxtout(root, e)) {
      if (check(e, AGEDGE)) return true;
    }
  }
  return false;
}

// At most `max` bytes of `s`, cut at a character boundary and marked with "...".
std::string shortened(const std::string& s, size_t max = 40) {
  if (s.size() <= max) return s;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "...";
}

GraphvizRenderer::Message limit_message(const std::string& text, const std::string& hint) {
  return {true, true, text, hint};
}

// The size of a label as Graphviz measures it: "\N" (the default) is the object's name.
size_t label_bytes(const char* label, const char* name) {
  if (!label) return 0;
  if (std::strcmp(label, "\\N") == 0 && name) return std::strlen(name);
  return std::strlen(label);
}

// The DiagramLimits budget, counted on the parsed graph before anything is laid out: nodes,
// edges, and the bytes of each label (label, xlabel, headlabel, taillabel; a node's name when
// it has no label, which is what Graphviz then measures and draws).
bool within_budget(Agraph_t* root, const DiagramLimits& limits,
                   std::vector<GraphvizRenderer::Message>* out) {
  long long nodes = agnnodes(root), edges = agnedges(root);
  if (nodes > limits.max_nodes) {
    out->push_back(limit_message(group_thousands(nodes) + " nodes exceeds diagrams.max_nodes (" +
                                     group_thousands(limits.max_nodes) + ")",
                                 "split the diagram, or raise diagrams.max_nodes in imsdoc.yaml"));
    return false;
  }
  if (edges > limits.max_edges) {
    out->push_back(limit_message(group_thousands(edges) + " edges exceeds diagrams.max_edges (" +
                                     group_thousands(limits.max_edges) + ")",
                                 "split the diagram, or raise diagrams.max_edges in imsdoc.yaml"));
    return false;
  }
  static const char* kLabels[] = {"label", "xlabel", "headlabel", "taillabel"};
  std::string what;
  size_t longest = 0;
  auto measure = [&](void* obj, int kind, const char* name,
                     const std::function<std::string()>& describe) {
    for (const char* a : kLabels) {
      bool own = std::strcmp(a, "label") == 0;  // "\\N" is the name only in label
      Agsym_t* sym = agattr(root, kind, const_cast<char*>(a), nullptr);
      size_t n = sym                       ? label_bytes(agxget(obj, sym), own ? name : nullptr)
                 : (own && kind == AGNODE) ? std::strlen(name)
                                           : 0;
      if (n > longest) longest = n, what = describe();
    }
  };
  for (Agnode_t* n = agfstnode(root); n; n = agnxtnode(root, n)) {
    measure(n, AGNODE, agnameof(n), [&] { return "node '" + shortened(agnameof(n)) + "'"; });
    for (Agedge_t* e = agfstout(root, n); e; e = agnxtout(root, e)) {
      measure(e, AGEDGE, nullptr, [&] {
        return "edge '" + shortened(agnameof(agtail(e))) +
               (agisdirected(root) ? "' -> '" : "' -- '") + shortened(agnameof(aghead(e))) + "'";
      });
    }
  }
  for_each_graph(root, [&](Agraph_t* g) {
    measure(g, AGRAPH, nullptr, [&] {
      return std::string(g == root ? "graph '" : "subgraph '") + shortened(agnameof(g)) + "'";
    });
  });
  if (static_cast<long long>(longest) > limits.max_label_bytes) {
    out->push_back(limit_message(
        "the label of " + what + " has " + group_thousands(static_cast<long long>(longest)) +
            " bytes, which exceeds diagrams.max_label_bytes (" +
            group_thousands(limits.max_label_bytes) + ")",
        "shorten the label, or raise diagrams.max_label_bytes in imsdoc.yaml"));
    return false;
  }
  return true;
}

// Numeric attributes that scale the work of a layout or a drawing (a dpi of 100000 is a
// picture of 10^10 pixels; a peripheries of 10^6 draws a million outlines), with the largest
// value a real diagram needs. Sizes are in inches, font sizes in points.
struct AttributeRange {
  int kind;
  const char* name;
  double max;
};
constexpr AttributeRange kRanges[] = {
    {AGRAPH, "size", 200},          {AGRAPH, "page", 200},       {AGRAPH, "dpi", 1200},
    {AGRAPH, "resolution", 1200},   {AGRAPH, "nodesep", 100},    {AGRAPH, "ranksep", 100},
    {AGRAPH, "pad", 100},           {AGRAPH, "margin", 100},     {AGRAPH, "fontsize", 1000},
    {AGRAPH, "nslimit", 100},       {AGRAPH, "nslimit1", 100},   {AGRAPH, "mclimit", 100},
    {AGRAPH, "searchsize", 10000},  {AGRAPH, "ratio", 100},      {AGRAPH, "penwidth", 100},
    {AGRAPH, "peripheries", 10},    {AGRAPH, "sep", 100},        {AGRAPH, "esep", 100},
    {AGNODE, "width", 100},         {AGNODE, "height", 100},     {AGNODE, "fontsize", 1000},
    {AGNODE, "penwidth", 100},      {AGNODE, "peripheries", 10}, {AGNODE, "sides", 100},
    {AGNODE, "margin", 100},        {AGNODE, "distortion", 100}, {AGNODE, "skew", 100},
    {AGEDGE, "minlen", 100},        {AGEDGE, "weight", 1000},    {AGEDGE, "penwidth", 100},
    {AGEDGE, "arrowsize", 100},     {AGEDGE, "fontsize", 1000},  {AGEDGE, "labelfontsize", 1000},
    {AGEDGE, "labeldistance", 100},
};

// True if every number of `value` (one, or several separated by commas: size="7,5!") is finite
// and at most `max` in magnitude. Words (ratio=fill) are Graphviz's to judge.
bool in_range(const char* value, double max) {
  for (const char* p = value; p && *p;) {
    char* end = nullptr;
    double v = std::strtod(p, &end);
    if (end != p && (!std::isfinite(v) || std::fabs(v) > max)) return false;
    const char* comma = std::strchr(p, ',');
    p = comma ? comma + 1 : nullptr;
  }
  return true;
}

// An out-of-range value, as an error in the form the diagram's messages use
// ("attribute 'dpi' ..." is placed at the line that sets it).
bool attributes_in_range(Agraph_t* root, std::string* error) {
  for (const AttributeRange& r : kRanges) {
    Agsym_t* sym = agattr(root, r.kind, const_cast<char*>(r.name), nullptr);
    if (!sym) continue;
    const char* bad = nullptr;
    auto check = [&](void* obj) {
      const char* v = agxget(obj, sym);
      if (!bad && !in_range(v, r.max)) bad = v;
    };
    if (r.kind == AGRAPH) for_each_graph(root, check);
    for (Agnode_t* n = agfstnode(root); n && !bad; n = agnxtnode(root, n)) {
      if (r.kind == AGNODE) check(n);
      for (Agedge_t* e = agfstout(root, n); e && r.kind == AGEDGE && !bad; e = agnxtout(root, e)) {
        check(e);
      }
    }
    if (bad) {
      char max[32];
      std::snprintf(max, sizeof max, "%g", r.max);
      *error = std::string("attribute '") + r.name + "' is " + shortened(bad) +
               ", more than the largest value allowed (" + max + ")";
      return false;
    }
  }
  return true;
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
constexpr double kMaxPngHeight = 20000;
constexpr double kMaxPngPixels = 40e6;  // 160 MB as RGBA

// The width in points that the SVG's <svg width="...pt"> says the drawing has (0 if none):
// more than the layout's when `size` with '!' or `ratio` scale it up.
double drawn_width(const std::string& svg) {
  size_t at = svg.find("<svg width=\"");
  if (at == std::string::npos) return 0;
  return std::strtod(svg.c_str() + at + 12, nullptr);
}

// The PNG is for print (Word): twice the screen resolution, but at most kMaxPngWidth pixels
// wide (Word scales a wide diagram down to the text width anyway), and never more than
// kMaxPngHeight pixels high or kMaxPngPixels in all, however the DOT text scales the drawing.
// dpi scales the drawing, not the layout, but it is read when laying out.
int png_dpi(double width_pt, double height_pt, double drawn_width_pt) {
  double zoom = width_pt > 0 && drawn_width_pt > 1.1 * width_pt ? drawn_width_pt / width_pt : 1;
  double w = std::max(1.0, width_pt * zoom), h = std::max(1.0, height_pt * zoom);
  double dpi = kPngDpi;
  if (w * kPngDpi / 72 > kMaxPngWidth) dpi = std::max(24, static_cast<int>(kMaxPngWidth * 72 / w));
  dpi = std::min(dpi, kMaxPngHeight * 72 / h);
  dpi = std::min(dpi, 72 * std::sqrt(kMaxPngPixels / (w * h)));
  return std::max(1, static_cast<int>(dpi));
}

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

#if defined(__SANITIZE_ADDRESS__)
#define IMSDOC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IMSDOC_ASAN 1
#endif
#endif

namespace {

#ifndef IMSDOC_ASAN
// The address space the process maps now, in bytes (0 if unknown): /proc/self/statm's first
// field. Read with plain system calls: this runs in a forked child.
uint64_t mapped_bytes() {
  int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[64] = {};
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return 0;
  return std::strtoull(buf, nullptr, 10) * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}
#endif

// In the layout child: at most `seconds` of processor time (SIGXCPU, then SIGKILL a second
// later), no core file, and at most 2 GiB more address space than the child inherited (not
// under AddressSanitizer, which maps terabytes of shadow memory).
void limit_layout_child(int seconds) {
  rlimit cpu{static_cast<rlim_t>(seconds), static_cast<rlim_t>(seconds) + 1};
  ::setrlimit(RLIMIT_CPU, &cpu);
  rlimit core{0, 0};
  ::setrlimit(RLIMIT_CORE, &core);
#ifndef IMSDOC_ASAN
  constexpr uint64_t kLayoutBytes = uint64_t{2} << 30;
  rlimit as{};
  uint64_t now = mapped_bytes();
  if (now > 0 && ::getrlimit(RLIMIT_AS, &as) == 0) {
    rlim_t want = static_cast<rlim_t>(now + kLayoutBytes);
    if (as.rlim_cur == RLIM_INFINITY || want < as.rlim_cur) {
      as.rlim_cur = want;
      ::setrlimit(RLIMIT_AS, &as);
    }
  }
#endif
}

// Reads the child's output until it closes the pipe, or kills it once `deadline` passes.
// Returns false if it was killed.
bool read_until(int fd, pid_t pid, std::chrono::steady_clock::time_point deadline,
                std::string* buf) {
  char chunk[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      ::kill(pid, SIGKILL);
      return false;
    }
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) return true;
    if (ready <= 0) continue;
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    buf->append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace

// Graphviz 2.42's dot layout has memory errors on some inputs (a flat-edge rank array freed
// twice, found by fuzzing a hand-authored diagram): a crash there must not take imsdoc, and
// the build it is part of, down with it. So each layout runs in a child process, which sends
// its output back through a pipe; a child killed by a signal becomes an error message. The
// child's processor time is limited (limits.layout_seconds): dot's crossing minimisation and
// network simplex can run for hours on a graph of a few hundred nodes. Wall-clock time is
// limited too, generously (a busy machine shares its processors), for a child that waits.
bool GraphvizRenderer::render(const std::string& dot, bool png, const DiagramLimits& limits,
                              Output* out, std::vector<Message>* messages) {
  std::lock_guard<std::mutex> lock(graphviz_mutex());
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return render_here(dot, png, limits, out, messages);
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return render_here(dot, png, limits, out, messages);
  }
  if (pid == 0) {
    ::close(fds[0]);
    limit_layout_child(limits.layout_seconds);
    std::vector<Message> found;
    bool ok = render_here(dot, png, limits, out, &found);
    std::string buf(1, ok ? '1' : '0');
    put(&buf, out->svg);
    put(&buf, out->png);
    for (const auto& m : found) {
      put(&buf, std::string(1, m.limit ? 'L' : m.error ? 'E' : 'W') + m.text + '\n' + m.hint);
    }
    _exit(write_all(fds[1], buf) ? 0 : 1);  // no atexit handlers: the parent owns them
  }
  ::close(fds[1]);
  std::string buf;
  auto wall = std::chrono::seconds(std::max(60, 10 * limits.layout_seconds));
  bool finished = read_until(fds[0], pid, std::chrono::steady_clock::now() + wall, &buf);
  ::close(fds[0]);
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  size_t pos = 1;
  std::string item;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || buf.empty() || !get(buf, &pos, &out->svg) ||
      !get(buf, &pos, &out->png)) {
    out->svg.clear();
    out->png.clear();
    bool timed_out = !finished || (WIFSIGNALED(status) &&
                                   (WTERMSIG(status) == SIGXCPU ||
                                    (WTERMSIG(status) == SIGKILL && cpu >= limits.layout_seconds)));
    if (timed_out) {
      messages->push_back(
          limit_message("layout time exceeds diagrams.layout_seconds (" +
                            group_thousands(limits.layout_seconds) + ")",
                        "simplify the diagram (fewer edges, fewer crossings), or raise "
                        "diagrams.layout_seconds in imsdoc.yaml"));
      return false;
    }
    std::string why =
        WIFSIGNALED(status) ? std::string(" (") + strsignal(WTERMSIG(status)) + ")" : std::string();
    messages->push_back({true, false,
                         "Graphviz failed while laying out this diagram" + why +
                             "; simplify the graph or report it",
                         ""});
    return false;
  }
  while (get(buf, &pos, &item)) {
    size_t newline = item.find('\n');
    std::string text =
        item.substr(1, newline == std::string::npos ? std::string::npos : newline - 1);
    std::string hint = newline == std::string::npos ? "" : item.substr(newline + 1);
    messages->push_back({item[0] != 'W', item[0] == 'L', text, hint});
  }
  return buf[0] == '1';
}

bool GraphvizRenderer::render_here(const std::string& dot, bool png, const DiagramLimits& limits,
                                   Output* out, std::vector<Message>* messages) {
  GVC_t* gvc = static_cast<GVC_t*>(gvc_);
  std::string raw;
  std::vector<Message> budget;
  bool ok = false;
  {
    ErrorCapture capture(&raw);
    char file_name[] = "<dot>";
    agsetfile(file_name);  // also resets the line counter of the previous parse
    Agraph_t* g = read_graph(dot);
    std::string attribute, range_error;
    if (!g) {
      if (raw.empty()) raw = "Error: no graph in the DOT text\n";
    } else if (!within_budget(g, limits, &budget)) {
      // reported as it is, below
    } else if (uses_file_attribute(g, &attribute) || uses_font_path(g, &attribute)) {
      raw += "Error: attribute '" + attribute +
             "' is not allowed: a diagram cannot refer to other files\n";
    } else if (!attributes_in_range(g, &range_error)) {
      raw += "Error: " + range_error + "\n";
    } else if (has_html_image(g)) {
      raw +=
          "Error: <IMG> is not allowed in labels: a diagram cannot refer to other files in line " +
          std::to_string(image_line(dot)) + "\n";
    } else if (gvLayout(gvc, g, "dot") != 0) {
      if (raw.empty()) raw = "Error: the layout failed\n";
    } else {
      ok = render_format(gvc, g, "svg", &out->svg);
      double width_pt = GD_bb(g).UR.x - GD_bb(g).LL.x;
      double height_pt = GD_bb(g).UR.y - GD_bb(g).LL.y;
      gvFreeLayout(gvc, g);
      int dpi = png_dpi(width_pt, height_pt, drawn_width(out->svg));
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
  messages->insert(messages->end(), budget.begin(), budget.end());
  for (const auto& m : *messages) ok = ok && !m.error;
  return ok;
}

}  // namespace imsdoc
