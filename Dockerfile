# leadloop: one image for the embedded sync, the BullMQ worker and the admin server.
# Node 24 runs the TypeScript sources directly (native type stripping), so there is no build stage.
FROM node:24-bookworm-slim
ENV NODE_ENV=production LOG_FORMAT=json
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
