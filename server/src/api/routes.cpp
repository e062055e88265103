#include "api/routes.hpp"

namespace mlgate::api {

http::Router build_router(app::App& app) {
  http::Router r;
  add_health_routes(r, app);
  add_token_routes(r, app);
  add_model_routes(r, app);
  add_test_routes(r, app);
  add_promotion_routes(r, app);
  add_predict_routes(r, app);
  add_v2_routes(r, app);
  add_audit_routes(r, app);
  add_chat_routes(r, app);
  add_metrics_routes(r, app);
  add_upload_routes(r, app);
  add_job_routes(r, app);
  add_monitoring_routes(r, app);
  add_alert_routes(r, app);
  return r;
}

}  // namespace mlgate::api
