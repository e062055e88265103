// Building the ONNX graphs the trainers export (internal: only this module links the ONNX
// protobuf library's types into its own code). Every exported model has the shape mlgate's
// intake reads best: one float input `input` [N, F], the column names in the metadata's
// `feature_names`, tensor outputs only (no ZipMap), ai.onnx.ml operators.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace mlgate::retraining::onnx_graph {

constexpr const char* kInput = "input";
constexpr const char* kLabel = "label";
constexpr const char* kProbabilities = "probabilities";
constexpr const char* kValue = "value";
constexpr const char* kMlDomain = "ai.onnx.ml";

// A model with its input declared, opsets (ai.onnx 15, ai.onnx.ml 3), producer "mlgate",
// and metadata: feature_names (comma-joined, as inference/signature.cpp splits them) and the
// trainer's name.
onnx::ModelProto new_model(const std::string& graph_name, const std::vector<std::string>& features, const std::string& trainer,
                           const std::string& doc);

onnx::NodeProto& add_node(onnx::ModelProto& model, const std::string& op_type, const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs);

void set_attr(onnx::NodeProto& node, const std::string& name, int64_t value);
void set_attr(onnx::NodeProto& node, const std::string& name, float value);
void set_attr(onnx::NodeProto& node, const std::string& name, const std::string& value);
void set_attr(onnx::NodeProto& node, const std::string& name, const std::vector<int64_t>& values);
void set_attr(onnx::NodeProto& node, const std::string& name, const std::vector<float>& values);
void set_attr(onnx::NodeProto& node, const std::string& name, const std::vector<std::string>& values);

// A graph output; a dimension of -1 is the batch dimension N.
void add_output(onnx::ModelProto& model, const std::string& name, onnx::TensorProto_DataType type, const std::vector<int64_t>& dims);

// The classifier outputs every exported classifier has: `label` [N] (int64 for integer
// classes, else string) and `probabilities` [N, C] float.
void add_classifier_outputs(onnx::ModelProto& model, bool integer_classes, std::size_t classes);

// Class labels as the classifier operators take them: `<prefix>_ints`/`_int64s` or
// `classlabels_strings`.
void set_class_labels(onnx::NodeProto& node, const std::string& int_attribute, const std::vector<std::string>& classes,
                      bool integer_classes);

std::string serialize(const onnx::ModelProto& model);

}  // namespace mlgate::retraining::onnx_graph
