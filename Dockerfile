# CAIO outbound: the app with production dependencies only, as a non-root user.
# The test packages/app-http/test/production-install.process.test.ts runs this file's
# deploy step and its start command directly (images cannot be pulled where it runs).

# --- build: install, compile, and deploy @caio/app-http with its production dependencies
FROM node:20-slim AS build
WORKDIR /src
RUN npm install --global pnpm@10.34.8
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm run build
RUN pnpm --filter @caio/app-http deploy --prod --legacy /app

# --- runtime: the deployed folder only (no sources of other packages, no dev dependencies)
FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    STATE_DIR=/data/state
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /data/state && chown -R node:node /data
USER node
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is the process that gets SIGTERM (no shell in between), and `caio serve`
# drains in-flight sends and closes the store on it (compose adds an init for zombies).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js", "serve"]
