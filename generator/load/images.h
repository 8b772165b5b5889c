// Local image files the content shows (Inline::path, collected by the linker).
#pragma once

#include <map>
#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "model/project.h"

namespace imsdoc {

// Reports every image of project.images that is not a readable file, at its first reference.
void check_images(const FileSystem& fs, const Project& project, Diagnostics& diags);

// Reads every image of project.images that exists: path -> bytes.
std::map<std::string, std::string> read_images(const FileSystem& fs, const Project& project);

}  // namespace imsdoc
