import { Option } from 'commander';
import type { Services } from '../compose.js';

// What the command modules share. It lives here, not in main.ts, so no command module imports the entry point back.

/**
 * For operator commands only (they open the database directly): the same services the server uses, run `fn`, and
 * always close the database. It refuses a public URL other than the one the database was created with.
 */
export type WithServices = <T>(fn: (s: Services) => Promise<T>) => Promise<T>;

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export const jsonOption = () => new Option('--json', 'print JSON');
