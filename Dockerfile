# Lanecast on Debian bookworm: the same ./lanecast wrapper sets everything up.
# Setup runs as root (apt packages, Deno, npm packages); the processes run as
# the unprivileged user "lanecast". Everything is made and handed over in one
# layer, so the hand-over copies nothing.
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin lanecast \
 && ./lanecast setup \
 && ./lanecast build:web \
 && mkdir -m 0700 -p /app/data \
 && chown -R lanecast:lanecast /app
USER lanecast
ENV HOST=0.0.0.0 SFU_HOST=0.0.0.0
EXPOSE 8000 8001 40000-40100/udp
CMD ["./lanecast", "start"]
