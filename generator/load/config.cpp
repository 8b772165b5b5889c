#include "load/config.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "base/text.h"
#include "load/fields.h"
#include "load/source_file.h"
#include "load/yaml.h"

namespace imsdoc {

namespace {

// Reads an optional YYYY-MM-DD date; reports anything else.
void read_date(const YamlNode& map, const std::string& key, const std::string& file,
               const std::string& ctx, Diagnostics& diags, std::string* out) {
  const YamlNode* node = nullptr;
  if (!read_string(map, key, file, false, ctx, diags, out, &node)) return;
  if (!is_iso_date(*out)) {
    diags.error(node->span(file),
                "'" + key + "' in " + ctx + " must be a date, found '" + *out + "'",
                "write YYYY-MM-DD, e.g. 2026-03-01");
    out->clear();
  }
}

void read_document_control(const YamlNode& node, const std::string& file, Diagnostics& diags,
                           DocumentControl* dc) {
  const std::string ctx = "document_control";
  if (!node.is_map()) {
    diags.error(node.span(file), "'document_control' must be a mapping, found " + describe(node),
                "e.g. document_control: {owner: Head of Quality, approver: Managing Director}");
    return;
  }
  check_known_keys(
      node, file,
      {"owner", "approver", "effective", "status", "classification", "revisions", "history"}, ctx,
      diags);
  read_string(node, "owner", file, false, ctx, diags, &dc->owner);
  read_string(node, "approver", file, false, ctx, diags, &dc->approver);
  read_date(node, "effective", file, ctx, diags, &dc->effective);
  read_string(node, "status", file, false, ctx, diags, &dc->status);
  read_string(node, "classification", file, false, ctx, diags, &dc->classification);
  std::string history;
  const YamlNode* history_node = nullptr;
  if (read_string(node, "history", file, false, ctx, diags, &history, &history_node)) {
    if (history == "git") {
      dc->history_from_git = true;
    } else if (history != "none") {
      diags.error(
          history_node->span(file),
          "'history' in document_control must be git or none, found '" + history + "'",
          "write history: git to show each section's revision history from git log, or none");
    }
  }
  const YamlNode* revisions = node.get("revisions");
  if (!revisions || revisions->is_null()) return;
  if (!revisions->is_sequence()) {
    diags.error(revisions->span(file), "'revisions' must be a list, found " + describe(*revisions),
                "one item per version: - {version: \"3.0\", date: 2026-03-01, summary: ...}");
    return;
  }
  const std::string rctx = "a revision";
  for (const auto& item : revisions->items) {
    if (!item.is_map()) {
      diags.error(item.span(file), "each revision must be a mapping, found " + describe(item),
                  "- {version: \"3.0\", date: 2026-03-01, summary: ..., approved_by: ...}");
      continue;
    }
    check_known_keys(item, file, {"version", "date", "summary", "approved_by"}, rctx, diags);
    Revision r;
    r.span = item.span(file);
    read_string(item, "version", file, true, rctx, diags, &r.version);
    read_date(item, "date", file, rctx, diags, &r.date);
    read_string(item, "summary", file, true, rctx, diags, &r.summary);
    read_string(item, "approved_by", file, false, rctx, diags, &r.approved_by);
    dc->revisions.push_back(std::move(r));
  }
}

// One whole number from `low` to `high` under `limits:`; reports anything else.
void read_limit(const YamlNode& limits, const std::string& key, int64_t low, int64_t high,
                const std::string& file, Diagnostics& diags, int64_t* out) {
  const YamlNode* node = limits.get(key);
  if (!node) return;
  char* end = nullptr;
  long long value = node->is_scalar() ? std::strtoll(node->scalar.c_str(), &end, 10) : -1;
  if (!node->is_scalar() || node->scalar.empty() || *end != '\0' || value < low || value > high) {
    diags.error(node->span(file), "'limits." + key + "' must be a whole number from " +
                                      with_thousands(low) + " to " + with_thousands(high));
    return;
  }
  *out = value;
}

void read_limits(const YamlNode& node, const std::string& file, Diagnostics& diags,
                 InputLimits* limits) {
  if (node.is_null()) return;
  if (!node.is_map()) {
    diags.error(node.span(file), "'limits' must be a mapping, found " + describe(node),
                "e.g. limits: {yaml_nodes: 2000000}");
    return;
  }
  check_known_keys(node, file, {"file_size_mb", "total_size_mb", "yaml_nodes", "yaml_depth"},
                   "limits", diags);
  int64_t file_mb = limits->file_bytes >> 20, total_mb = limits->total_bytes >> 20;
  int64_t depth = limits->yaml_depth;
  read_limit(node, "file_size_mb", 1, 1024, file, diags, &file_mb);
  read_limit(node, "total_size_mb", 1, 64 * 1024, file, diags, &total_mb);
  read_limit(node, "yaml_nodes", 1, 1'000'000'000, file, diags, &limits->yaml_nodes);
  read_limit(node, "yaml_depth", 1, kMaxYamlDepthSetting, file, diags, &depth);
  limits->file_bytes = file_mb << 20;
  limits->total_bytes = total_mb << 20;
  limits->yaml_depth = static_cast<int>(depth);
}

void read_outputs(const YamlNode& root, const std::string& file, Diagnostics& diags,
                  Config* config) {
  std::vector<std::string> outputs;
  std::vector<const YamlNode*> nodes;
  if (!read_string_list(root, "outputs", file, false, "imsdoc.yaml", diags, &outputs, &nodes)) {
    return;
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i] == "docx") {
      config->build_docx = true;
    } else if (outputs[i] != "site") {
      std::string close = closest_match(outputs[i], {"site", "docx"});
      diags.error(nodes[i]->span(file), "unknown output '" + outputs[i] + "'",
                  close.empty() ? "outputs can be site and docx" : "did you mean '" + close + "'?");
    }
  }
}

// `diagrams:` {max_nodes, max_edges, max_label_bytes, layout_seconds}, each a whole number.
void read_diagram_limits(const YamlNode& node, const std::string& file, Diagnostics& diags,
                         DiagramLimits* limits) {
  if (node.is_null()) return;
  if (!node.is_map()) {
    diags.error(node.span(file), "'diagrams' must be a mapping, found " + describe(node),
                "e.g. diagrams: {max_nodes: 2000, layout_seconds: 60}");
    return;
  }
  struct Setting {
    const char* key;
    long long* value;
    long long max;
  };
  long long seconds = limits->layout_seconds;
  const Setting settings[] = {{"max_nodes", &limits->max_nodes, 10000000},
                              {"max_edges", &limits->max_edges, 10000000},
                              {"max_label_bytes", &limits->max_label_bytes, 10000000},
                              {"layout_seconds", &seconds, 3600}};
  check_known_keys(node, file, {"max_nodes", "max_edges", "max_label_bytes", "layout_seconds"},
                   "diagrams", diags);
  for (const Setting& s : settings) {
    const YamlNode* value = node.get(s.key);
    if (!value) continue;
    char* end = nullptr;
    errno = 0;
    long long n = value->is_scalar() ? std::strtoll(value->scalar.c_str(), &end, 10) : -1;
    if (!value->is_scalar() || value->scalar.empty() || *end != '\0' || errno != 0 || n < 1 ||
        n > s.max) {
      diags.error(
          value->span(file),
          std::string("'diagrams.") + s.key + "' must be a whole number from 1 to " +
              group_thousands(s.max),
          std::string("e.g. diagrams: {") + s.key + ": " + std::to_string(*s.value * 2) + "}");
      continue;
    }
    *s.value = n;
  }
  limits->layout_seconds = static_cast<int>(seconds);
}

}  // namespace

bool load_config(const FileSystem& fs, Diagnostics& diags, Config* config) {
  const std::string file = kConfigFile;
  if (!fs.is_file(file)) {
    diags.error({file, 0, 0}, "no imsdoc.yaml in the project directory",
                "run imsdoc in the directory that holds imsdoc.yaml, or pass that directory");
    return false;
  }
  std::string text;
  if (!read_source(fs, file, diags, &text)) return false;
  YamlNode root;
  int before = diags.error_count();
  if (!parse_yaml(text, file, 0, &root, diags)) return false;
  if (!root.is_map()) {
    diags.error(root.span(file),
                "imsdoc.yaml must be a mapping of settings, found " + describe(root),
                "start with 'title: ...'");
    return false;
  }
  const std::string ctx = "imsdoc.yaml";
  config->span = root.span(file);
  check_known_keys(
      root, file,
      {"title", "organisation", "manual_id", "version", "standards", "theme", "output", "options",
       "risk_appetite", "findings", "document_control", "outputs", "diagrams", "limits"},
      ctx, diags);
  read_string(root, "title", file, true, ctx, diags, &config->title);
  read_string(root, "organisation", file, true, ctx, diags, &config->organisation);
  read_string(root, "manual_id", file, true, ctx, diags, &config->manual_id);
  read_string(root, "version", file, true, ctx, diags, &config->version);
  const YamlNode* node = nullptr;
  config->theme_span = config->output_span = {file, 0, 0};
  if (read_string(root, "theme", file, false, ctx, diags, &config->theme, &node)) {
    config->theme_span = node->span(file);
  }
  if (read_string(root, "output", file, false, ctx, diags, &config->output, &node)) {
    config->output_span = node->span(file);
  }

  std::vector<const YamlNode*> nodes;
  if (read_string_list(root, "standards", file, true, ctx, diags, &config->standards, &nodes)) {
    for (const YamlNode* n : nodes) config->standard_spans.push_back(n->span(file));
    if (config->standards.empty()) {
      diags.error(root.get("standards")->span(file), "'standards' must name at least one standard");
    }
  }
  if (const YamlNode* appetite = root.get("risk_appetite")) {
    char* end = nullptr;
    long value = appetite->is_scalar() ? std::strtol(appetite->scalar.c_str(), &end, 10) : -1;
    if (!appetite->is_scalar() || *end != '\0' || value < 1 || value > 25) {
      diags.error(appetite->span(file), "'risk_appetite' must be a whole number from 1 to 25",
                  "the highest likelihood x impact score accepted without treatment, e.g. 12");
    } else {
      config->risk_appetite = static_cast<int>(value);
    }
  }
  if (const YamlNode* findings = root.get("findings")) {
    if (!findings->is_map()) {
      diags.error(findings->span(file), "'findings' must be a mapping of finding to severity",
                  "e.g. findings: {overdue-corrective-action: error}");
    } else {
      for (const auto& [key, value] : findings->entries) {
        if (!value.is_scalar() ||
            (value.scalar != "error" && value.scalar != "warning" && value.scalar != "off")) {
          diags.error(value.span(file),
                      "severity of '" + key.scalar + "' must be error, warning or off");
          continue;
        }
        config->finding_severity[key.scalar] = {value.scalar, key.span(file)};
      }
    }
  }
  if (const YamlNode* options = root.get("options")) {
    if (options->is_map()) {
      check_known_keys(*options, file, {"allow_raw_html"}, "options", diags);
      read_bool(*options, "allow_raw_html", file, "options", diags, &config->allow_raw_html);
    } else if (!options->is_null()) {
      diags.error(options->span(file), "'options' must be a mapping, found " + describe(*options));
    }
  }
  if (const YamlNode* dc = root.get("document_control")) {
    read_document_control(*dc, file, diags, &config->document_control);
  }
  read_outputs(root, file, diags, config);
  if (const YamlNode* limits = root.get("diagrams")) {
    read_diagram_limits(*limits, file, diags, &config->diagram_limits);
  }
  if (const YamlNode* limits = root.get("limits"))
    read_limits(*limits, file, diags, &config->limits);
  std::string version_problem = version_name_problem(config->version);
  if (!config->version.empty() && !version_problem.empty()) {
    diags.error(root.get("version")->span(file), "invalid version: " + version_problem,
                "the version names the site's directory, e.g. version: \"2.1\"");
  }
  return diags.error_count() == before;
}

}  // namespace imsdoc
