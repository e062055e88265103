// Small valid ONNX files that ONNX Runtime 1.21 cannot survive loading in-process, built here
// so that what they do is readable: each is a few nodes that session creation mishandles.
#pragma once
#include <string>

namespace mlgate::testing {

// A Conv with strides 0: shape inference divides by zero (SIGFPE) at session creation.
std::string model_crashing_at_load();
// A 40000 x 40000 ConstantOfShape that constant folding materialises: about 6 GiB at load.
std::string model_exhausting_memory_at_load();
// Two MatMuls of 6000 x 6000 folded constants: tens of seconds of arithmetic at load.
std::string model_slow_to_load();

}  // namespace mlgate::testing
