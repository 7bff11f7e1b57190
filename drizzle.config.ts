import { defineConfig } from "drizzle-kit";

// Used only by `npm run db:generate`; migrations are applied by `npm run db:migrate`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  strict: true,
});
