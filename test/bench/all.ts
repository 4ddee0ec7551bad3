/**
 * `npm run bench`: every benchmark in turn, each in its own process, all printed even when one misses
 * its target; exits 1 if any did.
 */
import { spawnSync } from 'node:child_process';

const benches = [
  'functions',
  'web',
  'submissions',
  'publications',
  'site-agencies',
  'search',
  'reports',
  'inspection',
  'expressions',
  'privacy',
  'redaction',
  'imports',
  'queue',
  'sweep',
  'agencies',
  'load',
];
const failed = benches.filter(
  (name) => spawnSync(process.execPath, [`test/bench/${name}.ts`], { stdio: 'inherit' }).status !== 0,
);
if (failed.length) {
  console.log(`\n✗ missed its target: ${failed.join(', ')}`);
  process.exitCode = 1;
}
