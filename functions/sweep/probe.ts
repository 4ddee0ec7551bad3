/**
 * The platform's own check of its site (INSPECTION.md, 站点无法访问): the home page fetched through
 * its public address every 30 minutes (a schedule of its own in AWS), timed, and counted by day.
 */
import { beijingDateTime } from '#core/dates.ts';
import { availability } from '#core/inspection.ts';
import { log } from '#lib/log.ts';
import { recordProbe } from '#store/availability.ts';
import { getSiteUrl } from '#store/site-config.ts';

export async function probeSite(now = new Date()) {
  const siteUrl = await getSiteUrl();
  if (!siteUrl) return { probed: false as const };
  const started = performance.now();
  let failed = false;
  let status = 0;
  try {
    // Past the indicator's 15 s it counts as slow; past twice that, as unreachable.
    const response = await fetch(`${siteUrl}/`, { signal: AbortSignal.timeout(availability.slowMs * 2) });
    await response.arrayBuffer();
    status = response.status;
    failed = !response.ok;
  } catch (error) {
    failed = true;
    log.warn('site probe failed', { error: (error as Error).name });
  }
  const ms = performance.now() - started;
  const slow = !failed && ms > availability.slowMs;
  await recordProbe(beijingDateTime(now).date, { ms, failed, slow });
  return { probed: true as const, ms: Math.round(ms), status, failed, slow };
}
