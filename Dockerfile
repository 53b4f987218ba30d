# syntax=docker/dockerfile:1
# The Soulcaster server: `serve` (API, dashboard, webhooks, and workers unless --no-workers) or `worker`.
# Built by `docker build -t soulcaster .`; this repository's CI has no container engine, so it checks the
# file's rules instead (test/containers/). See docs/DEPLOY.md.

# Same Node major and minor as the supported range (package.json engines: >= 20.19).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY web ./web
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# git: plans read repositories and the local fix runner clones and pushes; tini reaps the agents' children
RUN apt-get update \
  && apt-get install -y --no-install-recommends git ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SOULCASTER_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY migrations ./migrations
# the local embedder's word vectors, read at run time
COPY data ./data
COPY bin ./bin
# the node image's unprivileged user (uid 1000) owns only the data directory
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# liveness only (the process answers); /readyz (database and migrations) is for load balancers
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/soulcaster.js"]
CMD ["serve"]
