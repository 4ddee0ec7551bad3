/**
 * Run before `npm test`: the system packages the tests need, each missing one named with the exact
 * command that installs it.
 */
import { assertJava, MissingSystemPackageError } from './services.ts';

try {
  assertJava();
} catch (error) {
  if (!(error instanceof MissingSystemPackageError)) throw error;
  console.error(`\n✗ ${error.message}\n`);
  process.exit(1);
}
