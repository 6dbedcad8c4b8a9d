// node conformance/summarize.mjs [RESULTS_DIR] [suite ...]
// Per suite: passing / failing / pending, then each failure's full title and the first line of its error.
// SHOW_PENDING=1 and SHOW_PASSES=1 list those too; --markdown prints only a table of the counts.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const markdown = args.includes('--markdown');
const [dir = path.join(import.meta.dirname, '..', '.conformance', 'results'), ...only] = args.filter((a) => a !== '--markdown');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('-suite.json')).sort();
if (markdown) console.log('| suite | pass | fail | pending |\n| --- | --- | --- | --- |');
for (const file of files) {
  const suite = file.slice(0, -'.json'.length);
  if (only.length > 0 && !only.includes(suite)) continue;
  const { stats, failures, pending, passes } = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  if (markdown) {
    console.log(`| ${suite.replace(/-test-suite$/, '')} | ${stats.passes} | ${stats.failures} | ${stats.pending} |`);
    continue;
  }
  console.log(`\n## ${suite}: ${stats.passes} passing / ${stats.failures} failing / ${stats.pending} pending`);
  for (const t of failures) console.log(`- FAIL ${t.fullTitle}\n    ${String(t.err?.message ?? '').split('\n')[0].slice(0, 400)}`);
  if (process.env.SHOW_PENDING) for (const t of pending) console.log(`- pending ${t.fullTitle}`);
  if (process.env.SHOW_PASSES) for (const t of passes) console.log(`- pass ${t.fullTitle}`);
}
