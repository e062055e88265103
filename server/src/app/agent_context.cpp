#include "app/agent_context.hpp"

#include <algorithm>

#include "app/app.hpp"

namespace mlgate::app {

Result<agent::Context> build_agent_context(App& app, const http::Identity& who) {
  agent::Context ctx;
  ctx.user = who.name;
  ctx.role = std::string(http::role_name(who.role));
  auto models = app.store().list_models();
  if (!models) return models.error();
  for (const auto& m : models.value()) {
    auto versions = app.store().list_versions(m.name);
    if (!versions) return versions.error();
    agent::ModelView view;
    view.name = m.name;
    const api::VersionInfo* shown = nullptr;  // production, else the newest
    for (const auto& v : versions.value()) {
      view.versions.push_back({v.version, v.stage});
      if (v.stage == "production" || !shown || (shown->stage != "production" && v.version > shown->version)) shown = &v;
    }
    std::sort(view.versions.begin(), view.versions.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    if (shown) {
      view.task = shown->signature.task;
      view.features = shown->signature.features;
      view.classes = shown->signature.classes;
    }
    ctx.models.push_back(std::move(view));
  }
  auto uploads = app.agent_store().list_uploads(who.name);
  if (!uploads) return uploads.error();
  for (const auto& u : uploads.value()) ctx.uploads.push_back({u.id, u.filename, u.kind, u.columns});
  auto pending = app.store().list_promotions(std::string("pending"));
  if (!pending) return pending.error();
  for (const auto& p : pending.value()) ctx.pending_promotions.push_back({p.id, p.model, p.version, p.requested_by});
  std::sort(ctx.pending_promotions.begin(), ctx.pending_promotions.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return ctx;
}

}  // namespace mlgate::app
