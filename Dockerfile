# syntax=docker/dockerfile:1
# ADR Assistant on Node 24 (the current LTS): the build stage bundles the TypeScript into dist/ with esbuild
# (ADR-016), the image runs that JavaScript with production dependencies only; the database lives on the /data volume.
# Build: docker build -t adr-assistant .
# Run:   docker run -d --env-file .env -p 3000:3000 -v adr-data:/data adr-assistant

FROM node:24-slim AS build
WORKDIR /app
# A compiler for better-sqlite3 on platforms without a prebuilt binary; it stays in this stage.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
# npm ci builds dist/ (the prepare script, scripts/build.js, needs the dev dependencies: esbuild); then they go.
RUN npm ci --no-audit --no-fund \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM node:24-slim
# The scoring chart is drawn with DejaVu Sans (src/charts/score-chart.ts).
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-dejavu-core \
  && rm -rf /var/lib/apt/lists/*
# NODE_COMPILE_CACHE: V8's compiled code of the app's modules is kept on disk, so a restart compiles less.
ENV NODE_ENV=production \
  PORT=3000 \
  DATABASE_PATH=/data/adr.sqlite \
  NODE_COMPILE_CACHE=/tmp/node-compile-cache
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY prompts ./prompts
# The official image's unprivileged "node" user owns the data volume and runs the app.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) finishes work in flight, then closes the database.
STOPSIGNAL SIGTERM
CMD ["node", "dist/app.js"]
