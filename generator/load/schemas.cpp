#include "load/schemas.h"

#include "base/regex.h"
#include "base/resources.h"
#include "base/text.h"
#include "load/fields.h"
#include "load/source_file.h"
#include "load/yaml.h"

namespace imsdoc {

namespace {

constexpr const char* kPatternHint =
    "id_pattern is an RE2 regular expression: no backreferences (\\1) or lookaround ((?=...)); "
    "e.g. id_pattern: \"^SUP-[0-9]{3}$\"";

const std::vector<std::string> kSchemaKeys = {
    "name",        "title",   "singular", "description", "id_pattern",
    "title_field", "columns", "fields",   "replace",     "ratings"};
const std::vector<std::string> kRatingKeys = {"label", "product"};
const std::vector<std::string> kFieldKeys = {"type",  "required", "label", "description", "values",
                                             "items", "to",       "min",   "max"};
const std::vector<std::string> kTypeNames = {"string",  "text", "enum",      "date",  "integer",
                                             "boolean", "list", "reference", "clause"};

bool parse_type(const std::string& name, FieldType* out) {
  static const std::map<std::string, FieldType> kTypes = {
      {"string", FieldType::kString},   {"text", FieldType::kText},
      {"enum", FieldType::kEnum},       {"date", FieldType::kDate},
      {"integer", FieldType::kInteger}, {"boolean", FieldType::kBoolean},
      {"list", FieldType::kList},       {"reference", FieldType::kReference},
      {"clause", FieldType::kClause}};
  auto it = kTypes.find(name);
  if (it == kTypes.end()) return false;
  *out = it->second;
  return true;
}

bool read_integer(const YamlNode& map, const std::string& key, const std::string& file,
                  Diagnostics& diags, std::optional<long long>* out) {
  const YamlNode* value = map.get(key);
  if (!value || value->is_null()) return false;
  static const Regex kInt = Regex::fixed(R"(^-?[0-9]{1,18}$)");
  if (!value->is_scalar() || !kInt.full_match(value->scalar)) {
    diags.error(value->span(file), "'" + key + "' must be an integer");
    return false;
  }
  *out = std::stoll(value->scalar);
  return true;
}

void parse_field(const std::string& name, const YamlNode& node, const std::string& file,
                 Diagnostics& diags, FieldSpec* f) {
  f->name = name;
  f->span = node.span(file);
  if (!node.is_map()) {
    diags.error(node.span(file), "field '" + name + "' must be a mapping such as {type: string}");
    return;
  }
  const std::string ctx = "field '" + name + "'";
  check_known_keys(node, file, kFieldKeys, ctx, diags);
  std::string type;
  const YamlNode* type_node = nullptr;
  if (read_string(node, "type", file, true, ctx, diags, &type, &type_node) &&
      !parse_type(type, &f->type)) {
    std::string guess = closest_match(type, kTypeNames);
    diags.error(
        type_node->span(file), "unknown field type '" + type + "'",
        guess.empty() ? "types: " + quoted_list(kTypeNames) : "did you mean '" + guess + "'?");
  }
  read_bool(node, "required", file, ctx, diags, &f->required);
  if (!read_string(node, "label", file, false, ctx, diags, &f->label)) f->label = name;
  read_string(node, "description", file, false, ctx, diags, &f->description);
  read_string(node, "to", file, false, ctx, diags, &f->target);
  read_string_list(node, "values", file, false, ctx, diags, &f->values);
  read_integer(node, "min", file, diags, &f->min);
  read_integer(node, "max", file, diags, &f->max);
  if (f->type == FieldType::kList) {
    std::string items;
    const YamlNode* items_node = nullptr;
    if (read_string(node, "items", file, true, ctx, diags, &items, &items_node)) {
      if (!parse_type(items, &f->item_type) || f->item_type == FieldType::kList ||
          f->item_type == FieldType::kText) {
        diags.error(items_node->span(file), "unsupported list item type '" + items + "'",
                    "list items can be string, enum, date, integer, boolean, reference or clause");
      }
    }
  }
  FieldType vt = f->value_type();
  if (vt == FieldType::kEnum && f->values.empty()) {
    diags.error(node.span(file), "enum field '" + name + "' needs 'values'");
  }
  if (vt == FieldType::kReference && f->target.empty()) {
    diags.error(node.span(file), "reference field '" + name + "' needs 'to' (the register name)");
  }
}

// `ratings:` — name -> {label, product: [integer fields]}; a rating of the same name replaces.
void parse_ratings(const YamlNode& node, const std::string& file, Diagnostics& diags,
                   Schema* schema) {
  if (!node.is_map()) {
    diags.error(node.span(file), "'ratings' must be a mapping of rating name to definition",
                "e.g. ratings: {rating: {label: Rating, product: [likelihood, impact]}}");
    return;
  }
  for (const auto& [key, value] : node.entries) {
    if (!key.is_scalar()) continue;
    RatingSpec r;
    r.name = key.scalar;
    r.span = key.span(file);
    const std::string ctx = "rating '" + r.name + "'";
    if (!value.is_map()) {
      diags.error(value.span(file), ctx + " must be a mapping such as {product: [a, b]}");
      continue;
    }
    check_known_keys(value, file, kRatingKeys, ctx, diags);
    read_string(value, "label", file, false, ctx, diags, &r.label);
    if (r.label.empty()) r.label = r.name;
    read_string_list(value, "product", file, true, ctx, diags, &r.factors);
    std::erase_if(schema->ratings, [&](const RatingSpec& old) { return old.name == r.name; });
    schema->ratings.push_back(std::move(r));
  }
}

// Applies the settings in `root` (one schema file) on top of `schema`.
void apply_schema_file(const YamlNode& root, const std::string& file, Diagnostics& diags,
                       Schema* schema) {
  const std::string ctx = "schema";
  check_known_keys(root, file, kSchemaKeys, ctx, diags);
  const YamlNode* name_node = nullptr;
  std::string name;
  if (read_string(root, "name", file, false, ctx, diags, &name, &name_node) &&
      name != schema->name) {
    diags.error(name_node->span(file),
                "schema name '" + name + "' does not match its file name '" + schema->name + "'",
                "rename the file to " + name + ".yaml or remove 'name'");
  }
  read_string(root, "title", file, false, ctx, diags, &schema->title);
  read_string(root, "singular", file, false, ctx, diags, &schema->singular);
  read_string(root, "description", file, false, ctx, diags, &schema->description);
  const YamlNode* pattern_node = nullptr;
  if (read_string(root, "id_pattern", file, false, ctx, diags, &schema->id_pattern,
                  &pattern_node)) {
    auto regex = std::make_shared<const Regex>(schema->id_pattern);
    if (regex->ok()) {
      schema->id_regex = std::move(regex);
    } else {
      schema->id_regex = nullptr;
      diags.error(pattern_node->span(file),
                  "invalid id_pattern '" + schema->id_pattern + "': " + regex->error(),
                  kPatternHint);
    }
  }
  read_string(root, "title_field", file, false, ctx, diags, &schema->title_field);
  if (root.get("columns")) {
    schema->columns.clear();
    read_string_list(root, "columns", file, false, ctx, diags, &schema->columns);
  }
  if (const YamlNode* ratings = root.get("ratings")) parse_ratings(*ratings, file, diags, schema);
  if (const YamlNode* fields = root.get("fields")) {
    if (!fields->is_map()) {
      diags.error(fields->span(file), "'fields' must be a mapping of field name to definition");
      return;
    }
    for (const auto& [key, value] : fields->entries) {
      if (!key.is_scalar()) continue;
      if (key.scalar == "id") {
        diags.error(key.span(file), "'id' is implicit in every register",
                    "use id_pattern to constrain ids");
        continue;
      }
      FieldSpec spec;
      parse_field(key.scalar, value, file, diags, &spec);
      bool replaced = false;
      for (auto& existing : schema->fields) {
        if (existing.name == spec.name) {
          existing = spec;
          replaced = true;
        }
      }
      if (!replaced) schema->fields.push_back(spec);
    }
  }
}

// Checks a complete schema (after merging): required settings and internal consistency.
void check_schema(const Schema& schema, const std::string& file, const YamlNode& root,
                  Diagnostics& diags) {
  SourceSpan span = root.span(file);
  if (schema.fields.empty()) diags.error(span, "schema '" + schema.name + "' has no fields");
  if (!schema.id_regex && schema.id_pattern.empty()) {
    diags.error(span, "schema '" + schema.name + "' needs an id_pattern",
                "e.g. id_pattern: \"^SUP-[0-9]{3}$\"");
  }
  if (schema.title_field.empty() || !schema.field(schema.title_field)) {
    diags.error(span,
                schema.title_field.empty()
                    ? "schema '" + schema.name + "' needs a title_field"
                    : "title_field '" + schema.title_field + "' is not a field of the schema",
                "name the field that gives an entry's title, e.g. title_field: name");
  }
  for (const auto& column : schema.columns) {
    if (column != "id" && !schema.field(column)) {
      diags.error(span, "column '" + column + "' is not a field of schema '" + schema.name + "'");
    }
  }
  for (const auto& r : schema.ratings) {
    if (schema.field(r.name)) {
      diags.error(r.span, "rating '" + r.name + "' has the name of a field",
                  "give the rating a name of its own, e.g. " + r.name + "_rating");
    }
    if (r.factors.empty()) diags.error(r.span, "rating '" + r.name + "' has no factors");
    for (const auto& factor : r.factors) {
      const FieldSpec* f = schema.field(factor);
      if (!f || f->type != FieldType::kInteger) {
        diags.error(r.span,
                    "rating '" + r.name + "': '" + factor +
                        "' is not an integer field of schema '" + schema.name + "'",
                    "a rating multiplies integer fields, e.g. product: [likelihood, impact]");
      }
    }
  }
}

// Loads one schema file into `out`; returns the schema it defined or extended, or nullptr.
Schema* load_one(const std::string& file, const std::string& text, const InputLimits& limits,
                 Diagnostics& diags, std::map<std::string, std::unique_ptr<Schema>>* out) {
  YamlNode root;
  if (!parse_yaml(text, file, 0, &root, diags, limits)) return nullptr;
  if (!root.is_map()) {
    diags.error(root.span(file), "a schema must be a mapping, found " + describe(root));
    return nullptr;
  }
  std::string stem = file.substr(file.rfind('/') + 1);
  stem = stem.substr(0, stem.size() - 5);  // ".yaml"
  auto& slot = (*out)[stem];
  bool replace = false;
  read_bool(root, "replace", file, "schema", diags, &replace);
  if (!slot || replace) {
    slot = std::make_unique<Schema>();
    slot->name = stem;
  }
  slot->origin = file;
  slot->span = root.span(file);
  apply_schema_file(root, file, diags, slot.get());
  if (slot->title.empty()) slot->title = stem;
  if (slot->singular.empty()) slot->singular = slot->title;
  if (slot->columns.empty()) {
    slot->columns = {"id"};
    if (slot->field(slot->title_field)) slot->columns.push_back(slot->title_field);
  }
  check_schema(*slot, file, root, diags);
  return slot.get();
}

}  // namespace

bool load_schemas(const FileSystem& fs, Diagnostics& diags,
                  std::map<std::string, std::unique_ptr<Schema>>* out, const InputLimits& limits) {
  int before = diags.error_count();
  for (const auto& f : embedded_files_under("schemas/")) {
    std::string path = "<built-in>/" + std::string(f.path);
    if (Schema* schema = load_one(path, std::string(f.data), InputLimits{}, diags, out)) {
      schema->origin = "built-in";
    }
  }
  for (const auto& file : fs.list(kSchemaDir, ".yaml")) {
    if (file.find('/', std::string(kSchemaDir).size() + 1) != std::string::npos) continue;
    std::string text;
    if (!read_source(fs, file, diags, &text, limits)) continue;
    load_one(file, text, limits, diags, out);
  }
  // References must name a register that has a schema.
  for (const auto& [name, schema] : *out) {
    for (const auto& f : schema->fields) {
      if (f.value_type() != FieldType::kReference || f.target.empty()) continue;
      if (!out->count(f.target)) {
        std::vector<std::string> names;
        for (const auto& [n, _] : *out) names.push_back(n);
        std::string guess = closest_match(f.target, names);
        diags.error(f.span, "field '" + f.name + "' refers to unknown register '" + f.target + "'",
                    guess.empty() ? "registers: " + quoted_list(names, "and")
                                  : "did you mean '" + guess + "'?");
      }
    }
  }
  return diags.error_count() == before;
}

}  // namespace imsdoc
