# Avala, production image: compiled JavaScript on Node 20, no dev dependencies, not root.
#   docker build -t avala . && docker compose up
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY contexts ./contexts
# dist/ (the server, the signing worker) and dist/web/verifier.js (the verifier page's bundle, so no bundler is
# needed at run time); then the dev dependencies go.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production AVALA_HOST=0.0.0.0 PORT=3000 AVALA_DB=/data/avala.db AVALA_KEYS_DIR=/data/keys
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/contexts ./contexts
# The page style sheets and the bundle's inputs (it is rebuilt only when they are newer, which they are not).
COPY --from=build /app/src ./src
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/main.js"]
