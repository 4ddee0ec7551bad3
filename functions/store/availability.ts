/**
 * The site's availability as the platform's own probe sees it (INSPECTION.md: the home page
 * unreachable or slower than 15 s in 5% or more of 20+ daily checks over a week is a single veto).
 * One item a day, counted by atomic additions, kept 30 days; 自查 reads the last seven: constant work.
 */
import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, type IsoDate } from '#core/dates.ts';
import type { ProbeDay } from '#core/inspection.ts';
import { db, tableName } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

const keepSeconds = 30 * 86_400;

/** Adds one check of the home page to its day: how long it took, and whether it failed or was slow. */
export async function recordProbe(day: IsoDate, probe: { ms: number; failed: boolean; slow: boolean }) {
  await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.availability(day),
      UpdateExpression:
        'ADD checks :one, failed :failed, slow :slow, totalMs :ms SET expiresAt = if_not_exists(expiresAt, :expires)',
      ExpressionAttributeValues: {
        ':one': 1,
        ':failed': probe.failed ? 1 : 0,
        ':slow': probe.slow ? 1 : 0,
        ':ms': Math.round(probe.ms),
        ':expires': Math.floor(Date.now() / 1000) + keepSeconds,
      },
    }),
  );
}

/** The seven days up to `today`, each with its counts (a day without checks counts none). */
export async function probeWeek(today: IsoDate): Promise<ProbeDay[]> {
  const days = Array.from({ length: 7 }, (_, i) => addDays(today, -i));
  const { Responses } = await db.send(
    new BatchGetCommand({ RequestItems: { [tableName]: { Keys: days.map((d) => keys.availability(d)) } } }),
  );
  const found = new Map((Responses?.[tableName] ?? []).map((item) => [String(item.sk).slice(4), item]));
  return days.map((day) => {
    const item = found.get(day);
    return {
      day,
      checks: Number(item?.checks ?? 0),
      failed: Number(item?.failed ?? 0),
      slow: Number(item?.slow ?? 0),
    };
  });
}
