# Builds the browser client (client/, Emscripten) as a sub-build of the native tree, so that
# one `cmake --build --preset native` produces a server with the client embedded. The
# sub-build lives in <build>/wasm; `cmake --preset wasm` configures the same tree on its own.
option(MLGATE_BUILD_CLIENT "Build the WebAssembly client and embed it in the server" ON)
set(MLGATE_EMSCRIPTEN_TOOLCHAIN "/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake"
    CACHE FILEPATH "Emscripten's CMake toolchain file (Debian's emscripten package)")

set(MLGATE_CLIENT_FILES "")
if(MLGATE_BUILD_CLIENT)
  if(NOT EXISTS "${MLGATE_EMSCRIPTEN_TOOLCHAIN}")
    message(FATAL_ERROR "Emscripten not found (${MLGATE_EMSCRIPTEN_TOOLCHAIN}): run scripts/bootstrap.sh, "
                        "or configure with -DMLGATE_BUILD_CLIENT=OFF for a server without the browser client")
  endif()
  include(ExternalProject)
  set(out "${CMAKE_BINARY_DIR}/wasm/web")
  # Debian's emscripten finds its JS tools (acorn) only through NODE_PATH.
  set(env ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
  ExternalProject_Add(mlgate_client_wasm
    SOURCE_DIR "${CMAKE_SOURCE_DIR}"
    BINARY_DIR "${CMAKE_BINARY_DIR}/wasm"
    CONFIGURE_COMMAND ${env} ${CMAKE_COMMAND} -G Ninja -S <SOURCE_DIR> -B <BINARY_DIR>
                      -DCMAKE_TOOLCHAIN_FILE=${MLGATE_EMSCRIPTEN_TOOLCHAIN} -DCMAKE_BUILD_TYPE=Release
    BUILD_COMMAND ${env} ${CMAKE_COMMAND} --build <BINARY_DIR> --target client
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON
    USES_TERMINAL_BUILD ON
    BUILD_BYPRODUCTS "${out}/client.js" "${out}/client.wasm")
  # ONNX Runtime Web (npm onnxruntime-web, installed by the bootstrap): the browser test
  # pane loads it from /ort/ when a model is first tested.
  set(ort "${CMAKE_SOURCE_DIR}/.deps/npm/node_modules/onnxruntime-web/dist")
  if(NOT EXISTS "${ort}/ort.wasm.min.js")
    message(FATAL_ERROR "onnxruntime-web not found in ${ort}: run scripts/bootstrap.sh")
  endif()
  set(MLGATE_CLIENT_FILES "/client.js=${out}/client.js" "/client.wasm=${out}/client.wasm"
      "/ort/ort.wasm.min.js=${ort}/ort.wasm.min.js"
      "/ort/ort-wasm-simd-threaded.wasm=${ort}/ort-wasm-simd-threaded.wasm"
      "/ort/ort-wasm-simd-threaded.mjs=${ort}/ort-wasm-simd-threaded.mjs")
endif()
