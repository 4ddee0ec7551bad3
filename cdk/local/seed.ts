import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '#lib/dynamo.ts';
import { putAgency } from '#store/agencies.ts';
import * as keys from '#store/keys.ts';
import { readFile } from 'node:fs/promises';
import { archiveFromText, emptyEntries } from '#core/annual-report.ts';
import { saveReport } from '#store/reports.ts';
import { draftAgencyPages } from '#store/agency-pages.ts';
import { defaultGuide, defaultRules } from '#core/pages/default-pages.ts';
import { putStaff } from '#store/staff.ts';
import { hashPassword } from '#lib/passwords.ts';
import { getCredential, putCredential } from '#store/credentials.ts';
import { batchWrite } from '#lib/dynamo.ts';
import { demoAgencies, demoPassword, demoStaff, demoTotpSecret } from './demo-county.ts';
import { addProvinceSums, provinceAgencies, provinceRecords, provinceStaff } from './province.ts';

const marker = keys.seed('demo-county');

/** Seeds the demo county once; returns false when an earlier start already did. */
export async function seedDemoCounty(): Promise<boolean> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: marker, ConsistentRead: true }));
  if (Item) {
    await seedDemoCredentials(); // a table seeded before the platform had its own sign-in
    return false;
  }
  await Promise.all([...demoAgencies.map(putAgency), ...demoStaff.map(putStaff)]);
  await Promise.all(
    demoAgencies.map((agency) =>
      draftAgencyPages(agency.id, [
        { page: 'guide', html: defaultGuide(agency, demoAgencies) },
        { page: 'rules', html: defaultRules(agency) },
      ]),
    ),
  );
  await seedArchivedReport();
  await seedDemoCredentials();
  await db.send(new PutCommand({ TableName: tableName, Item: { ...marker, seededAt: new Date().toISOString() } }));
  return true;
}

/**
 * Seeds, instead of the demo county, a province of `count` agencies (`cdk/local/province.ts`: the
 * province, its cities and counties, their departments and towns, with a year of counters, reports
 * and a few 个人信息检查 findings) and accounts to look at it with; once. Written in batches of 25.
 */
export async function seedProvince(count: number): Promise<boolean> {
  const marker = keys.seed(`province-${count}`);
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: marker, ConsistentRead: true }));
  if (Item) {
    await seedDemoCredentials(provinceStaff);
    return false;
  }
  const agencies = provinceAgencies(count);
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const at = new Date().toISOString();
  const pages = agencies.flatMap((agency) => {
    const parent = agency.parentId ? [byId.get(agency.parentId)!] : [];
    return [
      { page: 'guide', html: defaultGuide(agency, parent) },
      { page: 'rules', html: defaultRules(agency) },
    ].map(({ page, html }) => ({
      ...keys.agencyPage(agency.id, page),
      html,
      version: 1,
      updatedBy: '系统',
      updatedAt: at,
    }));
  });
  const year = new Date().getUTCFullYear() - 1;
  await batchWrite([...provinceRecords(agencies, year), ...pages].map((Item) => ({ PutRequest: { Item } })));
  await addProvinceSums(agencies, year);
  await Promise.all(provinceStaff.map(putStaff));
  await seedDemoCredentials(provinceStaff);
  await db.send(new PutCommand({ TableName: tableName, Item: { ...marker, seededAt: at } }));
  return true;
}

/** The demo staff's sign-in (password and authenticator enrolled), where an account has none yet. */
async function seedDemoCredentials(staff = demoStaff) {
  const missing = (
    await Promise.all(staff.map(async (s) => ((await getCredential(s.username)) ? undefined : s.username)))
  ).filter((username) => username !== undefined);
  if (!missing.length) return;
  const passwordHash = await hashPassword(demoPassword);
  const now = new Date().toISOString();
  await Promise.all(
    missing.map((username) =>
      putCredential({
        username,
        passwordHash,
        mustChange: false,
        totpSecret: demoTotpSecret(username),
        generation: 1,
        updatedAt: now,
      }),
    ),
  );
}

/** The town's 2017 report, as its website published it: the column then lists an earlier year. */
async function seedArchivedReport() {
  const archive = archiveFromText(
    await readFile(new URL('./archive/lushuihe-town-2017-annual-report.txt', import.meta.url), 'utf8'),
  );
  await saveReport(
    {
      agencyId: 'lushuihe',
      year: 2017,
      status: 'archived',
      entries: emptyEntries(),
      version: 1,
      updatedAt: new Date().toISOString(),
      archive: { ...archive, source: '露水河镇人民政府原网站' },
    },
    0,
    { actor: 'system', type: 'archive', text: `导入往年报告：${archive.title}。` },
    {
      render: [
        { kind: 'report', agencyId: 'lushuihe', year: 2017 },
        { kind: 'agencyPage', agencyId: 'lushuihe', page: 'reports' },
        { kind: 'sitemapReports' },
      ],
    },
  );
}
