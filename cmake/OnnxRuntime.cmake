# The prebuilt ONNX Runtime 1.21 (library from npm onnxruntime-node, headers from
# Debian's libonnxruntime-dev of the same version), fetched by scripts/bootstrap.sh,
# wrapped in one imported target.
set(MLGATE_ORT_ROOT "${CMAKE_SOURCE_DIR}/.deps/onnxruntime" CACHE PATH "ONNX Runtime root (include/, lib/)")
set(_ort_lib "${MLGATE_ORT_ROOT}/lib/libonnxruntime.so.1")
if(NOT EXISTS "${_ort_lib}" OR NOT EXISTS "${MLGATE_ORT_ROOT}/include/onnxruntime_cxx_api.h")
  message(FATAL_ERROR "ONNX Runtime not found under ${MLGATE_ORT_ROOT}: run scripts/bootstrap.sh (or make build)")
endif()
add_library(onnxruntime::onnxruntime SHARED IMPORTED GLOBAL)
set_target_properties(onnxruntime::onnxruntime PROPERTIES
  IMPORTED_LOCATION "${_ort_lib}"
  IMPORTED_SONAME "libonnxruntime.so.1"
  INTERFACE_INCLUDE_DIRECTORIES "${MLGATE_ORT_ROOT}/include")
set(MLGATE_ORT_LIBRARY "${_ort_lib}")
