import path from 'node:path';
import { z } from 'zod';

/** The dev master key is public by design: it only protects demo keys on a developer's machine. */
export const DEV_MASTER_KEY = 'avala-dev-master-key-NOT-FOR-PRODUCTION';

const Env = z.object({
  NODE_ENV: z.string().default('development'),
  AVALA_DB: z.string().default('./data/avala.db'),
  AVALA_KEYS_DIR: z.string().default('./keys'),
  AVALA_MASTER_KEY: z.string().min(16, 'AVALA_MASTER_KEY must be at least 16 characters').optional(),
  AVALA_ADMIN_TOKEN: z.string().min(16, 'AVALA_ADMIN_TOKEN must be at least 16 characters').optional(),
  AVALA_PUBLIC_URL: z.url().optional(),
  AVALA_HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  AVALA_DEMO: z.enum(['true', 'false']).optional(),
});

export interface Config {
  readonly production: boolean;
  readonly dbPath: string;
  readonly keysDir: string;
  readonly masterKey: string;
  /** True when the well-known dev master key is in use; logged loudly at start. */
  readonly usingDevMasterKey: boolean;
  readonly adminToken: string;
  readonly publicUrl: string;
  readonly host: string;
  readonly port: number;
  readonly seedDemo: boolean;
}

export const DEV_ADMIN_TOKEN = 'avala-dev-admin-token';

/** Parses the environment once; throws with every problem listed so a misconfigured service fails at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.AVALA_MASTER_KEY) throw new Error('Invalid configuration: AVALA_MASTER_KEY is required in production');
  if (production && !e.AVALA_ADMIN_TOKEN) throw new Error('Invalid configuration: AVALA_ADMIN_TOKEN is required in production');
  if (production && !e.AVALA_PUBLIC_URL) throw new Error('Invalid configuration: AVALA_PUBLIC_URL is required in production');
  const publicUrl = (e.AVALA_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    production,
    dbPath: path.resolve(e.AVALA_DB),
    keysDir: path.resolve(e.AVALA_KEYS_DIR),
    masterKey: e.AVALA_MASTER_KEY ?? DEV_MASTER_KEY,
    usingDevMasterKey: !e.AVALA_MASTER_KEY,
    adminToken: e.AVALA_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN,
    publicUrl,
    host: e.AVALA_HOST,
    port: e.PORT,
    seedDemo: e.AVALA_DEMO ? e.AVALA_DEMO === 'true' : !production,
  });
}
