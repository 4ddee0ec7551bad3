/**
 * 自查's record of each page's last check (its links to items, files and reports, and its findings),
 * and the links into each such target (to re-check what pointed at a page once it is removed).
 */
import type { Finding } from '#core/inspection.ts';
import { batchGet, batchWrite, queryAll } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

export interface PageRecord {
  key: string;
  agencyId: string;
  /** Its links to items, attachments and reports (what can disappear). */
  links: string[];
  findings: Omit<Finding, 'agencyId' | 'page'>[];
}

export async function getPageRecords(pageKeys: string[]): Promise<Map<string, PageRecord>> {
  const items = (await batchGet(pageKeys.map((k) => keys.sitePage(k)))) as unknown as PageRecord[];
  return new Map(items.map((item) => [item.key, item]));
}

/**
 * Writes pages' new checks and the link changes they bring; removes the records of pages gone. A
 * page with findings is on its agency's list (sparse index), one without is not.
 */
export async function savePageChecks(
  checks: { record: PageRecord; previous?: PageRecord }[],
  gone: PageRecord[],
): Promise<void> {
  const writes: Record<string, unknown>[] = [];
  for (const { record, previous } of checks) {
    writes.push({
      PutRequest: {
        Item: {
          ...keys.sitePage(record.key),
          ...record,
          ...(record.findings.length && { gsi1pk: keys.pageFindings(record.agencyId).gsi1pk, gsi1sk: record.key }),
        },
      },
    });
    const before = new Set(previous?.links ?? []);
    const after = new Set(record.links);
    for (const target of after)
      if (!before.has(target)) writes.push({ PutRequest: { Item: keys.linkTo(target, record.key) } });
    for (const target of before)
      if (!after.has(target)) writes.push({ DeleteRequest: { Key: keys.linkTo(target, record.key) } });
  }
  for (const record of gone) {
    writes.push({ DeleteRequest: { Key: keys.sitePage(record.key) } });
    for (const target of record.links) writes.push({ DeleteRequest: { Key: keys.linkTo(target, record.key) } });
  }
  await batchWrite(writes);
}

/** The pages that link to `target` (as their last check found them). */
export async function linksInto(target: string): Promise<string[]> {
  const items = await queryAll<{ sk: string }>({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.linkTo(target, '').pk },
  });
  return items.map((i) => i.sk);
}

/** An agency's pages with findings: as many as have them, not as many as it has. */
export async function pagesWithFindings(agencyId: string): Promise<PageRecord[]> {
  return queryAll<PageRecord>({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.pageFindings(agencyId).gsi1pk },
  });
}
