# leadloop: one image for the embedded sync, the BullMQ worker and the admin server.
# Node 24 runs the TypeScript sources directly (native type stripping), so there is no build stage.
FROM node:24-bookworm-slim
ENV NODE_ENV=production LOG_FORMAT=json
# Heap capped for sync, worker and serve: V8 otherwise grows its heap toward ~4 GB of garbage it has not
# collected yet (a chunk's records die young), and peak RSS follows it (735-814 MB at 100k people uncapped,
# 474 MB capped; test/bench/README.md). NODE_OPTIONS rather than a flag in ENTRYPOINT so `docker run -e
# NODE_OPTIONS=...` can lift it, e.g. for `leadloop sandbox` with a large generated world.
ENV NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=16"
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no runtime dependency needs an install script (msgpackr-extract, BullMQ's optional
# native msgpack speed-up, falls back to its pure-JS codec), and none then runs at build time.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY connectors ./connectors
COPY config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["node", "bin/leadloop.js"]
CMD ["sync", "--config", "/config/leadloop.yaml"]
