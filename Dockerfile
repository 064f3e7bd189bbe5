# The o2c image: one build, every app (apps/o2c by default; set O2C_APP for a single context later).
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts ./scripts
COPY package.json ./
USER node
EXPOSE 3000
CMD ["node", "scripts/run.js", "apps/o2c/src/main.js"]
