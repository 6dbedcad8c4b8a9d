#!/usr/bin/env node
// `npm test` runs this first (the `pretest` script). The suite drives a real browser and renders the printed
// certificate with poppler, and neither comes from npm: Playwright may not download a browser here, so the tests
// use Debian's Chromium. Bring them when we can (root with apt-get, as on a fresh build machine), otherwise stop
// at once with the one command that installs them, rather than letting dozens of tests fail one by one.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const TOOLS = [
  { name: 'Chromium', path: '/usr/bin/chromium', packages: ['chromium'] },
  { name: 'pdftoppm (poppler)', path: '/usr/bin/pdftoppm', packages: ['poppler-utils'] },
];
// The PDF test compares rendered text, which needs at least one ordinary font on the machine.
const ALWAYS = ['fonts-dejavu-core'];

const runnable = (p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const missing = TOOLS.filter((t) => !runnable(t.path));
if (missing.length === 0) process.exit(0);

const packages = [...missing.flatMap((t) => t.packages), ...ALWAYS];
const install = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
const command = `apt-get update && ${install}`;
const names = missing.map((t) => t.name).join(' and ');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

if (isRoot && hasApt && process.env.AVALA_TEST_NO_INSTALL !== '1') {
  console.error(`npm test: ${names} missing; installing Debian packages: ${packages.join(' ')}`);
  try {
    execFileSync('sh', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    console.error(`npm test: the install failed. Run it yourself and try again:\n  ${command}`);
    process.exit(1);
  }
  const still = TOOLS.filter((t) => !runnable(t.path));
  if (still.length === 0) process.exit(0);
  console.error(`npm test: still missing after the install: ${still.map((t) => t.path).join(', ')}`);
  process.exit(1);
}

console.error(`npm test needs ${names} (${missing.map((t) => t.path).join(', ')}). Install them with:\n  sudo apt-get update && sudo ${install}`);
process.exit(1);
