#!/usr/bin/env bash
# The image's entry point: one Lanecast process per container.
#   entrypoint.sh server | sfu | inference | sim | all | keys [dir] | help
# server, sfu, inference and sim run that one process; all runs every process
# as `./lanecast start` does (one machine, a demo); keys writes the shared
# secrets and the lane-token signing key once into a folder (default
# DATA_DIR/keys) for the other containers to mount.
# Secrets may come as files (Docker and Kubernetes secrets): NAME_FILE names a
# file whose content becomes NAME, for the names listed in SECRET_NAMES.
# Unlike ./lanecast, it installs nothing: the image was set up when it was built.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export DENO_DIR="${DENO_DIR:-$ROOT/.tools/deno-cache}"
export DENO_NO_UPDATE_CHECK=1
export MEDIASOUP_WORKER_BIN="${MEDIASOUP_WORKER_BIN:-/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker}"
DENO="${LANECAST_DENO:-$ROOT/.tools/deno/node_modules/@deno/linux-x64-glibc/deno}"
# The SFU's worker takes the libsrtp2 that ./lanecast setup built on OpenSSL (LANECAST_SRTP=debian: Debian's).
SRTP_DIR="$ROOT/.tools/libsrtp2-openssl"
if [ "${LANECAST_SRTP:-openssl}" = openssl ] \
  && [ -f "$SRTP_DIR/built-from-$(dpkg-query -W -f='${Version}' libsrtp2-1 2>/dev/null)" ]; then
  export LD_LIBRARY_PATH="$SRTP_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

SECRET_NAMES="CAMERA_KEY INFERENCE_KEY SFU_SERVICE_KEY CLIP_URL_KEY METRICS_TOKEN DATABASE_URL ADMIN_PASSWORD"
for name in $SECRET_NAMES; do
  file_var="${name}_FILE"
  file="${!file_var:-}"
  [ -n "$file" ] || continue
  if [ -n "${!name:-}" ]; then
    echo "entrypoint: both $name and $file_var are set; use one" >&2
    exit 64
  fi
  [ -r "$file" ] || { echo "entrypoint: cannot read $file_var \"$file\"" >&2; exit 66; }
  value=$(cat "$file")
  export "$name=$value"
  unset "$file_var"
done

usage() { echo "usage: entrypoint.sh server | sfu | inference | sim | all | keys [dir] | help" >&2; }

process="${1:-all}"
shift || true
case "$process" in
  server) exec "$DENO" run -A server/main.ts "$@" ;;
  sfu) exec "$DENO" run -A sfu/main.ts "$@" ;;
  inference) exec "$DENO" run -A inference/main.ts "$@" ;;
  sim) exec "$DENO" run -A sim/main.ts "$@" ;;
  all) exec "$DENO" run -A main.ts "$@" ;;
  keys) exec "$DENO" run -A deploy/make_keys.ts "$@" ;;
  help | -h | --help) usage; exit 0 ;;
  *) echo "entrypoint: no process \"$process\"" >&2; usage; exit 64 ;;
esac
