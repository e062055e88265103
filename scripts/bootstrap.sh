#!/usr/bin/env bash
# Installs everything mlgate needs on Debian bookworm, from Debian's packages and npm only.
# Idempotent: each step checks first and does nothing when its result is already there.
# Third-party files that are not system packages go to .deps/ (never committed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DEPS=$ROOT/.deps
ORT_VERSION=1.21.0

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

log() { echo "[bootstrap] $*"; }

# An apt configuration private to a folder under .deps: one sources line, its own lists
# and cache. Sets APT to the apt-get command line that uses it, and updates its lists.
private_apt() {
  local dir=$1 line=$2
  mkdir -p "$dir/sources.list.d" "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/dl"
  echo "$line" > "$dir/sources.list.d/private.list"
  APT=(apt-get -q -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$dir/sources.list.d"
       -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o Debug::NoLocking=1
       -o Acquire::Languages=none)
  "${APT[@]}" update >/dev/null
}

# --- Debian packages -------------------------------------------------------
PKGS=(build-essential cmake ninja-build pkg-config git curl ca-certificates xz-utils
      libboost1.81-dev libssl-dev nlohmann-json3-dev catch2 libsqlite3-dev
      libonnx-dev libprotobuf-dev protobuf-compiler libxgboost-dev wrk strace
      emscripten chromium
      clang-14 libclang-rt-14-dev)  # libFuzzer + ASan/UBSan for `make fuzz` (fuzz/)
command -v npm >/dev/null 2>&1 || PKGS+=(nodejs npm)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- ONNX Runtime shared library (npm onnxruntime-node, manylinux build) ----
ORT=$DEPS/onnxruntime
if [ ! -f "$ORT/lib/libonnxruntime.so.1" ]; then
  log "fetching libonnxruntime.so.1 from npm onnxruntime-node@$ORT_VERSION"
  tmp=$(mktemp -d)
  # npm pack fetches the tarball without running its postinstall (which would try
  # to download CUDA libraries from outside the registry).
  (cd "$tmp" && npm pack --silent "onnxruntime-node@$ORT_VERSION" >/dev/null)
  tar -xzf "$tmp"/onnxruntime-node-*.tgz -C "$tmp" package/bin/napi-v3/linux/x64
  mkdir -p "$ORT/lib"
  cp "$tmp/package/bin/napi-v3/linux/x64/libonnxruntime.so.$ORT_VERSION" "$ORT/lib/"
  ln -sf "libonnxruntime.so.$ORT_VERSION" "$ORT/lib/libonnxruntime.so.1"
  ln -sf libonnxruntime.so.1 "$ORT/lib/libonnxruntime.so"
  rm -rf "$tmp"
fi

# --- ONNX Runtime C/C++ headers of the same version (Debian trixie, headers only) ----
# A private apt configuration: adding trixie to the system's sources would upgrade libc6.
if [ ! -f "$ORT/include/onnxruntime_cxx_api.h" ]; then
  log "fetching ONNX Runtime $ORT_VERSION headers (trixie libonnxruntime-dev, extracted only)"
  PRIV=$DEPS/apt
  private_apt "$PRIV" "deb http://deb.debian.org/debian trixie main"
  (cd "$PRIV/dl" && "${APT[@]}" download "libonnxruntime-dev=$ORT_VERSION*" 2>&1 | grep -v "unsandboxed" || true)
  deb=$(ls "$PRIV"/dl/libonnxruntime-dev_*.deb | head -n1)
  x=$(mktemp -d)
  dpkg -x "$deb" "$x"
  mkdir -p "$ORT/include"
  cp -r "$x/usr/include/onnxruntime/." "$ORT/include/"
  rm -rf "$x"
fi

# --- Dear ImGui sources (Debian's imgui source package; libimgui-dev is native-only) ----
IMGUI=$DEPS/imgui
if [ ! -f "$IMGUI/imgui.cpp" ]; then
  log "fetching Dear ImGui sources (bookworm source package imgui)"
  PRIV=$DEPS/apt-src
  private_apt "$PRIV" "deb-src http://deb.debian.org/debian bookworm main"
  (cd "$PRIV/dl" && "${APT[@]}" source --download-only imgui 2>&1 | grep -v "unsandboxed" || true)
  orig=$(ls "$PRIV"/dl/imgui_*.orig.tar.* | head -n1)
  x=$(mktemp -d)
  tar -xf "$orig" -C "$x"
  rm -rf "$IMGUI"
  mv "$x"/* "$IMGUI"
  rm -rf "$x"
fi

# --- npm: the browser test driver (Debian's chromium runs the browser) ----
NPM=$DEPS/npm
# and ONNX Runtime Web, embedded in the server for the browser test pane.
NPM_PKGS=(playwright-core@1.65.1 onnxruntime-web@1.21.0)
if [ ! -d "$NPM/node_modules/playwright-core" ] || [ ! -f "$NPM/node_modules/onnxruntime-web/dist/ort.wasm.min.js" ]; then
  log "installing npm packages into .deps/npm: ${NPM_PKGS[*]}"
  mkdir -p "$NPM"
  [ -f "$NPM/package.json" ] || echo '{"name":"mlgate-deps","private":true}' > "$NPM/package.json"
  (cd "$NPM" && npm install --silent --no-audit --no-fund "${NPM_PKGS[@]}")
fi

log "dependencies ready"
