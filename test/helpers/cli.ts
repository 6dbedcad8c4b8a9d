import { Command } from 'commander';
import { vi } from 'vitest';
import { verifyCommands } from '../../src/cli/verify-commands.js';
import type { WithServices } from '../../src/cli/common.js';

/** Runs `avala <args>` with the verify commands, capturing stdout and the exit code; services come from `withServices`. */
export async function runAvalaVerify(withServices: WithServices, args: readonly string[]): Promise<{ out: string; code: number }> {
  const program = new Command('avala').exitOverride();
  verifyCommands(program, withServices);
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'avala', ...args]);
  } finally {
    spy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { out: chunks.join(''), code };
}
