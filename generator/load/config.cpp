#include "load/config.h"

#include <cctype>
#include <cstdlib>

#include "base/text.h"
#include "load/fields.h"
#include "load/source_file.h"
#include "load/yaml.h"

namespace imsdoc {

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
  check_known_keys(root, file,
                   {"title", "organisation", "manual_id", "version", "owner", "approver",
                    "standards", "theme", "output", "options", "risk_appetite", "findings"},
                   ctx, diags);
  read_string(root, "title", file, true, ctx, diags, &config->title);
  read_string(root, "organisation", file, true, ctx, diags, &config->organisation);
  read_string(root, "manual_id", file, true, ctx, diags, &config->manual_id);
  read_string(root, "version", file, true, ctx, diags, &config->version);
  read_string(root, "owner", file, false, ctx, diags, &config->owner);
  read_string(root, "approver", file, false, ctx, diags, &config->approver);
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
  std::string version_problem = version_name_problem(config->version);
  if (!config->version.empty() && !version_problem.empty()) {
    diags.error(root.get("version")->span(file), "invalid version: " + version_problem,
                "the version names the site's directory, e.g. version: \"2.1\"");
  }
  return diags.error_count() == before;
}

}  // namespace imsdoc
