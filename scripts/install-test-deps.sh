#!/usr/bin/env bash
# Installs the system packages dlc's tests need, from Debian:
# - chromium: the browser test (tests/browser/) runs a compiled module in
#   headless Chromium, and its package ships SwiftShader, the software
#   Vulkan driver (/usr/lib/chromium/vk_swiftshader_icd.json) on which Dawn
#   runs WebGPU where the machine has no GPU;
# - libvulkan1: the Vulkan loader, through which Dawn reaches a GPU or
#   SwiftShader;
# - python3-onnx: the official ONNX package, whose schema (onnx.proto) and
#   model checker the ONNX export tests (tests/host/onnx/,
#   tests/host/export/onnx/) hold dlc's .onnx files against. It is
#   installed for the system Python (/usr/bin/python3), where they look;
# - python3-torch and python3-torchvision: PyTorch, the engine the PyTorch
#   interop tests check dlc against (tests/host/import_weights/: torchvision's
#   resnet18 saved by PyTorch, imported with `dlc import-weights`; the
#   exported modules of `dlc export --to pytorch`). Also for /usr/bin/python3.
# Python's safetensors module (one cross-check against it is skipped
# without it) is not packaged by Debian 12, so it is not installed here.
#
# Idempotent: installs nothing when all are present. The test run itself
# installs nothing (tests/setup/webgpu.ts only checks); .ci/run calls this
# script before `npm test`. Needs root (or sudo) and apt-get.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
ICD=/usr/lib/chromium/vk_swiftshader_icd.json
PACKAGES=(chromium libvulkan1 python3-onnx python3-torch python3-torchvision)

has_loader() {
  local p
  for p in /usr/lib/x86_64-linux-gnu/libvulkan.so.1 /usr/lib/aarch64-linux-gnu/libvulkan.so.1 /usr/lib/libvulkan.so.1; do
    [[ -e $p ]] && return 0
  done
  return 1
}
has_onnx() { /usr/bin/python3 -c 'import onnx' 2>/dev/null; }
has_torch() { /usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null; }
ready() { [[ -x $CHROMIUM && -e $ICD ]] && has_loader && has_onnx && has_torch; }

if ready; then
  echo "install-test-deps: Chromium, SwiftShader, the Vulkan loader and Python's onnx, torch and torchvision are present; nothing to install"
  exit 0
fi

echo "install-test-deps: installing Debian's ${PACKAGES[*]} with apt-get:"
echo "  chromium for the browser test and its SwiftShader (software Vulkan: WebGPU without a GPU),"
echo "  libvulkan1, the Vulkan loader that Dawn (WebGPU in Node) uses,"
echo "  python3-onnx, the official ONNX schema and checker for the ONNX export tests,"
echo "  python3-torch and python3-torchvision, PyTorch for the PyTorch interop tests"
if ! command -v apt-get >/dev/null; then
  echo "install-test-deps: no apt-get here; install Chromium ($CHROMIUM, with SwiftShader at $ICD), the Vulkan loader and Python's onnx, torch and torchvision packages by hand" >&2
  exit 1
fi
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "install-test-deps: apt-get install needs root; run this script as root" >&2
    exit 1
  fi
  SUDO=(sudo)
fi
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}"

if ready; then
  echo "install-test-deps: done"
else
  echo "install-test-deps: installed ${PACKAGES[*]}, but $CHROMIUM, $ICD, libvulkan.so.1 or /usr/bin/python3's onnx, torch or torchvision is still missing" >&2
  exit 1
fi
