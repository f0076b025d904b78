# Lanecast on Debian bookworm: one image, one process per container.
#   docker build -t lanecast .
#   docker run lanecast server | sfu | inference | sim | all | keys
# (deploy/entrypoint.sh; deploy/compose.yaml and deploy/k8s/ run it so.)
# The same ./lanecast wrapper sets everything up: the pinned Deno (DENO_VERSION
# in ./lanecast), the mediasoup worker Debian packages (MEDIASOUP_WORKER_VERSION),
# ffmpeg and the npm packages, then builds the web app. The trained models are
# in the source (inference/models/*.onnx). Setup runs as root; the processes run
# as the unprivileged user "lanecast". Everything is made and handed over in one
# layer, so the hand-over copies nothing.
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin lanecast \
 && ./lanecast build:web \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -m 0700 -p /app/data/keys /app/clips /app/outbox /app/analyze \
 && chown -R lanecast:lanecast /app
USER 10001:10001
# Each SFU host needs its own UDP range, published 1:1 (the ports are in the ICE
# candidates); the compose file and the Kubernetes manifests set theirs.
ENV HOST=0.0.0.0 SFU_HOST=0.0.0.0 DATA_DIR=/app/data RTC_MIN_PORT=40000 RTC_MAX_PORT=40099
# 8000 API and web app, 8001 SFU (WHIP, WHEP, signaling), 8002 sidecar status.
EXPOSE 8000 8001 8002 40000-40099/udp
ENTRYPOINT ["deploy/entrypoint.sh"]
CMD ["all"]
