// The route table, assembled from one file per resource.
#pragma once
#include "app/app.hpp"
#include "http/router.hpp"

namespace mlgate::api {

http::Router build_router(app::App& app);

void add_health_routes(http::Router& r, app::App& app);
void add_token_routes(http::Router& r, app::App& app);
void add_model_routes(http::Router& r, app::App& app);
void add_test_routes(http::Router& r, app::App& app);
void add_promotion_routes(http::Router& r, app::App& app);
void add_predict_routes(http::Router& r, app::App& app);
void add_v2_routes(http::Router& r, app::App& app);
void add_audit_routes(http::Router& r, app::App& app);
void add_chat_routes(http::Router& r, app::App& app);
void add_metrics_routes(http::Router& r, app::App& app);
void add_upload_routes(http::Router& r, app::App& app);
void add_job_routes(http::Router& r, app::App& app);
void add_monitoring_routes(http::Router& r, app::App& app);
void add_alert_routes(http::Router& r, app::App& app);

}  // namespace mlgate::api
