#include "app/version_data.hpp"

#include "app/app.hpp"

namespace mlgate::app {

Result<VersionData> version_data(App& app, const api::VersionInfo& parent) {
  const std::string v = parent.model + " v" + std::to_string(parent.version);
  if (parent.lineage.contains("data") && parent.lineage["data"].contains("sha256")) {
    const std::string sha = parent.lineage["data"]["sha256"];
    if (auto csv = app.artifacts().get(sha)) {
      return VersionData{csv.value(), parent.lineage.value("label", ""), "the training data of " + v,
                          {{"from", "training_data"}, {"version", parent.version}, {"sha256", sha}}};
    }
  }
  auto tests = app.store().list_tests(parent.model, parent.version);
  if (!tests) return tests.error();
  for (auto it = tests->rbegin(); it != tests->rend(); ++it) {
    if (it->source != "server" || !it->passed || !app.artifacts().exists(it->data_sha256)) continue;
    auto csv = app.artifacts().get(it->data_sha256);
    if (!csv) return csv.error();
    return VersionData{csv.value(), it->label_column, "the data of test #" + std::to_string(it->id) + " of " + v,
                        {{"from", "test"}, {"test_id", it->id}, {"version", parent.version}, {"sha256", it->data_sha256}}};
  }
  return conflict("no_training_data", v + " has no data mlgate can retrain it on: it was not trained by mlgate and has no passing "
                                          "test on the server; test it on the server with a labelled CSV first");
}

}  // namespace mlgate::app
