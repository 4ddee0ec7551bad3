/**
 * Debian's Chromium and a Chinese font for the browser tests: found, installed when missing (as
 * root, through apt-get), or named with the exact command that installs them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MissingSystemPackageError } from '../../cdk/local/services.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without a CJK font every Chinese character renders as a box, in screenshots and in axe's contrast checks.
const packages = ['chromium', 'fonts-noto-cjk'];
export const browserInstallCommand = `apt-get update && apt-get install -y ${packages.join(' ')}`;

function hasChineseFont(): boolean {
  const probe = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() !== '';
}

const browserReady = () => existsSync(chromiumPath) && hasChineseFont();

export function assertBrowser(): void {
  if (!browserReady())
    throw new MissingSystemPackageError(
      'Chromium with a Chinese font (needed by the browser tests)',
      browserInstallCommand,
    );
}

/** Installs what is missing where this process may (root with apt-get); otherwise names the command. */
export function ensureBrowser(): void {
  if (browserReady()) return;
  const mayInstall =
    process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (mayInstall) {
    console.log(`Installing Chromium and a Chinese font for the browser tests:\n  ${browserInstallCommand}`);
    spawnSync(
      'sh',
      [
        '-c',
        `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')} >/dev/null`,
      ],
      { stdio: 'inherit' },
    );
  }
  assertBrowser();
}
