// The one place that reads process.env. Everything else imports `env`.
import { z } from "zod";

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Any PostgreSQL server. Unset: an embedded PostgreSQL is started in TAGFLOW_DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  /** Where embedded PostgreSQL data, the generated auth secret and other local state live. */
  TAGFLOW_DATA_DIR: z.string().default(".data"),
  /** Port of the embedded PostgreSQL server. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public URL of the console. When it is https and reachable by Telegram, bots use webhooks. */
  PUBLIC_URL: z.string().url().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  /** Default Bot API server for new bots. */
  TELEGRAM_API_ROOT: z.string().url().default("https://api.telegram.org"),
  /** Demo mode: an in-process Bot API emulator with a demo bot and simulated users. */
  DEMO_MODE: z.enum(["auto", "on", "off"]).default("auto"),
  EMULATOR_PORT: z.coerce.number().int().min(1).max(65535).default(8081),
  DEMO_CROWD_SIZE: z.coerce.number().int().min(0).max(100000).default(300),
  /** Log level for server processes. */
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type TEnv = z.infer<typeof ZEnv>;

function parseEnv(): TEnv {
  const raw = Object.fromEntries(
    Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = ZEnv.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: TEnv = parseEnv();

/** The database URL, which start-up code sets after starting embedded PostgreSQL. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start Tagflow with `npm start` (embedded PostgreSQL) or set DATABASE_URL.",
    );
  }
  return url;
}
