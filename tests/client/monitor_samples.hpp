// Replies shaped exactly as the server's monitoring, drift, alerts and jobs routes send
// them (the contract in the monitor pane's issue), shared by the monitor pane's tests.
#pragma once

namespace monitor_samples {

// 1h window of 2-minute buckets cut to three buckets: one busy, one empty (every figure
// null, counts 0), one with requests but no feedback.
inline constexpr const char* kClassification = R"json({
  "model":"iris","task":"classification","window":"1h","window_ms":3600000,"bucket_ms":120000,
  "since":"2026-12-03T10:00:00Z","until":"2026-12-03T11:00:00Z",
  "totals":{"requests":12,"rows":40,"errors":1,"error_rate":0.083,"latency_ms":{"p50":1.2,"p90":3.0,"p99":5.1},
            "labelled":10,"accuracy":0.9,"f1_macro":0.88,"mae":null,"rmse":null,"expected_accuracy":0.93},
  "buckets":[
    {"start":"2026-12-03T10:54:00Z","requests":8,"rows":30,"errors":1,"error_rate":0.125,"latency_ms":{"p50":1.1,"p90":2.9,"p99":5.0},
     "labelled":10,"accuracy":0.9,"f1_macro":0.88,"mae":null,"rmse":null,"expected_accuracy":0.95},
    {"start":"2026-12-03T10:56:00Z","requests":0,"rows":0,"errors":0,"error_rate":null,"latency_ms":null,
     "labelled":0,"accuracy":null,"f1_macro":null,"mae":null,"rmse":null,"expected_accuracy":null},
    {"start":"2026-12-03T10:58:00Z","requests":4,"rows":10,"errors":0,"error_rate":0.0,"latency_ms":{"p50":1.4,"p90":3.2,"p99":5.3},
     "labelled":0,"accuracy":null,"f1_macro":null,"mae":null,"rmse":null,"expected_accuracy":0.91}],
  "log":{"dropped_rows":3,"sample_rate":0.5}})json";

// A regressor, task unknown (null): its MAE and RMSE say what it is.
inline constexpr const char* kRegressionNoTask = R"json({
  "model":"diabetes","task":null,"window":"24h","window_ms":86400000,"bucket_ms":43200000,
  "since":"2026-12-02T11:00:00Z","until":"2026-12-03T11:00:00Z",
  "totals":{"requests":5,"rows":5,"errors":0,"error_rate":0.0,"latency_ms":null,"labelled":2,"accuracy":null,"f1_macro":null,
            "mae":41.5,"rmse":52.25,"expected_accuracy":null},
  "buckets":[
    {"start":"2026-12-02T11:00:00Z","requests":0,"rows":0,"errors":0,"error_rate":null,"latency_ms":null,"labelled":0,
     "accuracy":null,"f1_macro":null,"mae":null,"rmse":null,"expected_accuracy":null},
    {"start":"2026-12-02T23:00:00Z","requests":5,"rows":5,"errors":0,"error_rate":0.0,"latency_ms":{"p50":0.8,"p90":0.9,"p99":1.0},
     "labelled":2,"accuracy":null,"f1_macro":null,"mae":41.5,"rmse":52.25,"expected_accuracy":null}],
  "log":{"dropped_rows":0,"sample_rate":1.0}})json";

inline constexpr const char* kDrifting = R"json({
  "model":"iris","version":2,"window":"24h","status":"drifting","message":"3 of 4 features drifted",
  "reference":{"source":"test","rows":150,"data_sha256":"ab12"},"current_rows":240,"min_rows":100,
  "drifting":true,"drifted_features":3,"feature_count":4,
  "features":[
    {"feature":"sepal_length","kind":"numeric","statistic":"ks","value":0.12,"p_value":0.3,"threshold":0.05,"drifted":false,
     "status":"ok","psi":0.05,"psi_status":"ok","reference_rows":150,"current_rows":240,"missing_current":0,
     "reference":{"bins":["[4.3, 4.66)","[4.66, 5.02)","[5.02, 5.38)"],"shares":[0.2,0.5,0.3]},
     "current":{"bins":["[4.3, 4.66)","[4.66, 5.02)","[5.02, 5.38)"],"shares":[0.1,0.6,0.3]}},
    {"feature":"petal_width","kind":"numeric","statistic":"wasserstein","value":0.61,"threshold":0.1,"drifted":true,
     "status":"alert","psi":0.31,"psi_status":"alert","reference_rows":150,"current_rows":240,"missing_current":2,
     "reference":{"bins":["[0.1, 0.5)","[0.5, 1.0)"],"shares":[0.4,0.6]},"current":{"bins":["[0.1, 0.5)","[0.5, 1.0)"],"shares":[0.1,0.9]}},
    {"feature":"colour","kind":"categorical","statistic":"chi2","value":9.5,"p_value":0.002,"threshold":0.05,"drifted":true,
     "status":"warn","psi":0.15,"psi_status":"warn","reference_rows":150,"current_rows":240,"missing_current":0,
     "reference":{"bins":["red","green","blue"],"shares":[0.5,0.3,0.2]},"current":{"bins":["green","red","violet"],"shares":[0.6,0.3,0.1]}}],
  "prediction":{"feature":"prediction","kind":"categorical","statistic":"jensen_shannon","value":0.2,"threshold":0.1,"drifted":true,
     "status":"alert","psi":0.4,"psi_status":"alert","reference_rows":150,"current_rows":240,"missing_current":0,
     "reference":{"bins":["setosa","versicolor"],"shares":[0.5,0.5]},"current":{"bins":["setosa","versicolor"],"shares":[0.9,0.1]}}})json";

inline constexpr const char* kInsufficient = R"json({
  "model":"iris","version":2,"window":"1h","status":"insufficient_data",
  "message":"12 rows in this window; drift needs at least 100","reference":{"source":"training","rows":150,"data_sha256":"ab12"},
  "current_rows":12,"min_rows":100,"drifting":false,"drifted_features":0,"feature_count":4,"features":[],"prediction":null})json";

inline constexpr const char* kNoReference = R"json({
  "model":"iris","version":1,"window":"24h","status":"no_reference","message":"version 1 has no test or training data to compare with",
  "reference":null,"current_rows":240,"min_rows":100,"drifting":false,"drifted_features":0,"feature_count":4,"features":[],"prediction":null})json";

// Deliberately oldest first: the pane sorts newest first.
inline constexpr const char* kAlerts = R"json({"alerts":[
  {"id":3,"model":"iris","version":2,"rule":"accuracy","value":0.7,"threshold":0.9,"message":"accuracy 0.7 below 0.9","detail":{},
   "fired_at":"2026-12-03T09:00:00Z","delivery":"delivered"},
  {"id":5,"model":"iris","version":2,"rule":"drift","value":0.31,"threshold":0.25,"message":"petal_width drifted","detail":{"feature":"petal_width"},
   "fired_at":"2026-12-03T10:30:00.500Z","delivery":"failed: connection refused"},
  {"id":4,"model":"iris","version":2,"rule":"latency_p99","value":120,"threshold":100,"message":"p99 120 ms","detail":{},
   "fired_at":"2026-12-03T10:00:00Z","delivery":""}]})json";

inline constexpr const char* kJobs = R"json({"jobs":[
  {"id":6,"model":"iris","kind":"retrain","status":"running","trigger":"api","actor":"alice","params":{},"created_at":"2026-12-03T10:59:00Z",
   "started_at":"2026-12-03T10:59:01Z","finished_at":null,"log":"reading 240 rows\n","error":"","result_version":null,"result":{},"duration_s":null},
  {"id":5,"model":"iris","kind":"retrain","status":"succeeded","trigger":"alert","actor":"mlgate","params":{},"created_at":"2026-12-03T09:00:00Z",
   "started_at":"2026-12-03T09:00:01Z","finished_at":"2026-12-03T09:00:02.5Z","log":"trained xgboost\nholdout accuracy 0.95\n","error":"",
   "result_version":3,"result":{"accuracy":0.95},"duration_s":1.5},
  {"id":2,"model":"iris","kind":"train","status":"failed","trigger":"schedule","actor":"cron","params":{},"created_at":"2026-12-01T00:00:00Z",
   "started_at":"2026-12-01T00:00:01Z","finished_at":"2026-12-01T00:02:06Z","log":"","error":"label column 'species' not in the data",
   "result_version":null,"result":{},"duration_s":125}]})json";

inline constexpr const char* kRetrainAccepted = R"json({"id":7,"model":"iris","kind":"retrain","status":"queued","trigger":"api","actor":"alice",
  "params":{},"created_at":"2026-12-03T11:00:00Z","started_at":null,"finished_at":null,"log":"","error":"","result_version":null,"result":{},"duration_s":null})json";

}  // namespace monitor_samples
