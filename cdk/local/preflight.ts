/**
 * Run before `npm test`: the system packages the tests need. Chromium (and a Chinese font) is
 * installed when missing and the user may install it; anything else missing is named with the
 * exact command that installs it.
 */
import { ensureBrowser } from '../../test/support/chromium.ts';
import { assertJava, MissingSystemPackageError } from './services.ts';

try {
  assertJava();
  ensureBrowser();
} catch (error) {
  if (!(error instanceof MissingSystemPackageError)) throw error;
  console.error(`\n✗ ${error.message}\n`);
  process.exit(1);
}
