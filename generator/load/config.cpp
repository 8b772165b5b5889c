#include "load/config.h"

#include <cctype>

#include "base/text.h"
#include "load/fields.h"
#include "load/source_file.h"
#include "load/yaml.h"

namespace imsdoc {

const std::vector<std::string>& known_standards() {
  static const std::vector<std::string> kStandards = {"9001", "27001", "42001"};
  return kStandards;
}

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
    diags.error(root.span(file), "imsdoc.yaml must be a mapping of settings, found " + describe(root),
                "start with 'title: ...'");
    return false;
  }
  const std::string ctx = "imsdoc.yaml";
  config->span = root.span(file);
  check_known_keys(root,
                   file,
                   {"title", "organisation", "manual_id", "version", "standards", "theme", "output",
                    "options"},
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
    for (size_t i = 0; i < config->standards.size(); ++i) {
      const std::string& s = config->standards[i];
      bool known = false;
      for (const auto& k : known_standards()) known = known || k == s;
      if (!known) {
        diags.error(nodes[i]->span(file), "unknown standard '" + s + "'",
                    "standards in scope are given by number: " +
                        quoted_list(known_standards()));
      }
    }
    if (config->standards.empty()) {
      diags.error(root.get("standards")->span(file), "'standards' must name at least one standard");
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
  bool plain_version = config->version != "." && config->version != "..";
  for (char c : config->version) {
    plain_version = plain_version && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                                      c == '-' || c == '_');
  }
  if (!config->version.empty() && !plain_version) {
    diags.error(root.get("version")->span(file),
                "version '" + config->version + "' cannot be used as a directory name",
                "use letters, digits, '.', '-' or '_'");
  }
  return diags.error_count() == before;
}

}  // namespace imsdoc
