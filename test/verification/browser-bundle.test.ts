import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the verifier library in a browser', () => {
  it('bundles for the browser: no Node built-in, none of the Node-only adapters', async () => {
    // esbuild refuses to bundle node:fs, node:zlib and the like for the browser platform, so this fails the day the
    // core imports one (directly, or through a folder index that does).
    const r = await build({ entryPoints: ['src/verification/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    const ours = Object.keys(r.metafile.inputs).filter((i) => i.startsWith('src/'));
    expect(ours).toContain('src/verification/verify.ts');
    expect(ours.filter((i) => /verification\/(node|server)\.ts|resolver\/contexts\.ts|keystore\/file-keystore\.ts|status\/(bitstring|service)\.ts/.test(i))).toEqual([]);
    expect(Object.keys(r.metafile.inputs).filter((i) => i.startsWith('node:'))).toEqual([]);
  });
});
