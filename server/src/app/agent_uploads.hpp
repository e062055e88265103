// Files a person hands to the agent ("register the model I just uploaded", "test it on this
// CSV"): stored under the data directory by a server-made id, never by a name from the request,
// visible to their uploader only, and swept a day later.
#pragma once
#include <chrono>
#include <filesystem>
#include <string>

#include "http/request.hpp"
#include "registry/agent_store.hpp"

namespace mlgate::app {

class App;

inline constexpr std::chrono::hours kUploadRetention{24};

// "up_" + 32 lower-case hex digits → else 400 invalid_upload_id.
Status validate_upload_id(const std::string& id);

// Checks the file (an ONNX model or a CSV with a header, from the extension or else the
// content), moves it from `body_file` into the uploads folder and records it for `owner`.
Result<registry::UploadRecord> store_upload(App& app, const std::string& owner, const std::string& filename,
                                            const std::filesystem::path& body_file);

// The owner's upload (404 upload_not_found for anyone else) and its bytes.
Result<std::string> read_upload(App& app, const registry::UploadRecord& upload);
std::filesystem::path upload_path(App& app, const std::string& id);

// Forgets uploads older than `retention`: rows and files (also files whose row never committed).
Result<size_t> sweep_uploads(App& app, std::chrono::hours retention);

// The API's view of an upload.
nlohmann::json upload_json(const registry::UploadRecord& u);

}  // namespace mlgate::app
