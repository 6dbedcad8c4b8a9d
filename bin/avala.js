#!/usr/bin/env node
// Thin launcher: runs the TypeScript CLI through tsx so `npx avala` works without a build step.
import { register } from 'tsx/esm/api';
register();
import('../src/cli/main.ts')
  .then(({ main, reportFailure }) =>
    main().catch((e) => {
      process.exitCode = reportFailure(e);
    }),
  )
  .catch((e) => {
    process.stderr.write(`avala: could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
