# Lanecast on Debian bookworm: the same ./lanecast wrapper sets everything up.
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN ./lanecast setup
ENV HOST=0.0.0.0 SFU_HOST=0.0.0.0
EXPOSE 8000 8001 40000-40100/udp
CMD ["./lanecast", "start"]
