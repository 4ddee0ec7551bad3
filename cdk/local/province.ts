/**
 * A province's agencies, generated: 示例省 (a province that does not exist) → its departments and
 * nine cities → each city's departments and seven counties → each county's departments and towns,
 * named from lists (plausible, fictitious; any likeness to a real place's name is chance). Generated
 * in an order whose every prefix is a whole tree (a parent before its children), and whose first 50
 * agencies hold the province, 20 of its departments, the first city and the first county complete:
 * so the province's first page of agencies and the first county are the same at 50, 500 or 2,000
 * agencies, and the benches compare like with like (`test/bench/agencies.ts`, `npm run seed:province`).
 */
import { compileAnnualReport, emptyEntries, figureChanges, outcomeRows, reportedFigures } from '#core/annual-report.ts';
import { type Agency, type AgencyKind, isGovernment } from '#core/agency.ts';
import type { ApplicationRecord } from '#core/report-counts.ts';
import { countRecords } from '#core/report-counts.ts';
import { agencyRecords } from '#store/agencies.ts';
import { addToSumsUnder } from '#store/stats.ts';
import * as keys from '#store/keys.ts';
import { addToReportSums, sumOwners, type StoredReport } from '#store/reports.ts';
import type { StaffMember } from '#store/staff.ts';

const province = '示例省';

/** The province's departments (厅、委、局), the first 20 of them at the smallest size. */
const provinceDepartments = [
  '发展和改革委员会',
  '教育厅',
  '科学技术厅',
  '工业和信息化厅',
  '公安厅',
  '民政厅',
  '司法厅',
  '财政厅',
  '人力资源和社会保障厅',
  '自然资源厅',
  '生态环境厅',
  '住房和城乡建设厅',
  '交通运输厅',
  '水利厅',
  '农业农村厅',
  '商务厅',
  '文化和旅游厅',
  '卫生健康委员会',
  '退役军人事务厅',
  '应急管理厅',
  '审计厅',
  '市场监督管理局',
  '统计局',
  '医疗保障局',
  '林业和草原局',
  '体育局',
  '地方金融管理局',
  '广播电视局',
  '粮食和物资储备局',
  '能源局',
  '药品监督管理局',
  '信访局',
  '机关事务管理局',
  '人民政府外事办公室',
  '民族宗教事务委员会',
  '人民防空办公室',
  '政务服务和数字化建设管理局',
  '知识产权局',
  '乡村振兴局',
  '国防动员办公室',
];

/** A city's departments (委、局). */
const cityDepartments = [
  '发展和改革委员会',
  '教育局',
  '科学技术局',
  '工业和信息化局',
  '公安局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源局',
  '生态环境局',
  '住房和城乡建设局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '商务局',
  '文化广电和旅游局',
  '卫生健康委员会',
  '退役军人事务局',
  '应急管理局',
  '审计局',
  '市场监督管理局',
  '统计局',
  '医疗保障局',
  '城市管理综合执法局',
];

/** A county's departments (局). */
const countyDepartments = [
  '发展和改革局',
  '教育局',
  '公安局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源局',
  '住房和城乡建设局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '文化广电和旅游局',
  '卫生健康局',
  '应急管理局',
  '审计局',
  '市场监督管理局',
  '医疗保障局',
];

const cityNames = ['青岚', '云溪', '北辰', '南屏', '丹崖', '松原', '碧泉', '金川', '宁远'];
/** County names: a first and a second character; town names a third before them; each name used once on the portal. */
const firsts = [...'长永和安宁清平丰兴德嘉瑞泰康乐新福昌广宜'];
const seconds = [...'川源泉林阳河山桥溪湾岭坪口塘庄田石岗堡台'];
const thirds = [...'东西南北中上下前后新'];

const citiesCount = cityNames.length;
const countiesPerCity = 7;
const townsPerCounty = 9;

/** The largest size the lists give (2,039): enough for the benches' 2,000. */
export const provinceSizeMax =
  1 +
  provinceDepartments.length +
  citiesCount * (1 + cityDepartments.length + countiesPerCity * (1 + countyDepartments.length + townsPerCounty));

/** Codes in receipt numbers: two to eight capital letters, unique: `SAAA`, `SAAB` … from the agency's place in the order. */
const codeOf = (n: number) =>
  `S${[2, 1, 0].map((power) => String.fromCharCode(65 + (Math.floor(n / 26 ** power) % 26))).join('')}`;

/**
 * The first `count` agencies of the province, parents first. Ids say where each sits (`sheng`,
 * `sheng-d03`, `c02`, `c02-d07`, `c02-x03`, `c02-x03-t05`); ordered within each parent the way a
 * portal lists them: the government first (its own `order`), its departments, then what is under it.
 */
export function provinceAgencies(count: number): Agency[] {
  if (count > provinceSizeMax) throw new Error(`the province's lists give at most ${provinceSizeMax} agencies`);
  const out: Agency[] = [];
  const add = (id: string, name: string, kind: AgencyKind, parentId: string | null, order: number) => {
    if (out.length < count)
      out.push({ id, name, kind, parentId, order, acceptsApplications: true, code: codeOf(out.length) });
  };
  let counties = 0;
  let towns = 0;
  const pairOf = (n: number) =>
    `${firsts[n % firsts.length]}${seconds[Math.floor(n / firsts.length) % seconds.length]}`;
  const countyName = () => pairOf(counties++);
  const townName = () => {
    const n = towns++;
    return `${thirds[n % thirds.length]}${pairOf(Math.floor(n / thirds.length) + 7)}`;
  };
  const county = (cityId: string, c: number) => {
    const id = `${cityId}-x${String(c).padStart(2, '0')}`;
    const name = countyName();
    add(id, `${name}县人民政府`, 'county', cityId, 100 + c);
    for (const [i, d] of countyDepartments.entries())
      add(`${id}-d${String(i + 1).padStart(2, '0')}`, `${name}县${d}`, 'department', id, 10 + i);
    for (let t = 1; t <= townsPerCounty; t++) {
      const town = townName();
      add(`${id}-t${String(t).padStart(2, '0')}`, `${town}${t % 3 === 0 ? '乡' : '镇'}人民政府`, 'town', id, 100 + t);
    }
  };
  const city = (c: number, firstCountyOnly: boolean) => {
    const id = `c${String(c).padStart(2, '0')}`;
    const name = `${cityNames[c - 1]}市`;
    if (firstCountyOnly) {
      add(id, `${name}人民政府`, 'city', 'sheng', 100 + c);
      county(id, 1);
      return;
    }
    for (const [i, d] of cityDepartments.entries())
      add(`${id}-d${String(i + 1).padStart(2, '0')}`, `${name}${d}`, 'department', id, 10 + i);
    for (let x = c === 1 ? 2 : 1; x <= countiesPerCity; x++) county(id, x);
  };
  const provinceDepartment = (i: number) =>
    add(
      `sheng-d${String(i + 1).padStart(2, '0')}`,
      `${province}${provinceDepartments[i]}`,
      'department',
      'sheng',
      10 + i,
    );

  add('sheng', `${province}人民政府`, 'province', null, 1);
  for (let i = 0; i < 20; i++) provinceDepartment(i);
  city(1, true);
  for (let i = 20; i < provinceDepartments.length; i++) provinceDepartment(i);
  city(1, false);
  for (let c = 2; c <= citiesCount; c++) {
    add(`c${String(c).padStart(2, '0')}`, `${cityNames[c - 1]}市人民政府`, 'city', 'sheng', 100 + c);
    city(c, false);
  }
  return out;
}

/** The province's first city and its first county (complete at every size): where the benches and the demo accounts look. */
export const provinceFirst = { city: 'c01', county: 'c01-x01', town: 'c01-x01-t01' } as const;

/**
 * A year of work for each agency, as the steps would have left it: its counters (a few applications
 * received and answered, by applicant and outcome) and its report for `year`, one in four of each
 * status (not begun, submitted, published, returned); and every other agency an item of 主动公开 with
 * a 个人信息检查 finding open.
 */
function provinceYear(agencies: readonly Agency[], year: number) {
  return agencies.map((agency, i) => {
    const applications: ApplicationRecord[] = Array.from({ length: 3 + (i % 5) }, (_, n) => ({
      receiptDate: `${year}-${String(1 + ((i + n) % 12)).padStart(2, '0')}-10`,
      applicant:
        n % 3 === 2
          ? {
              kind: 'organisation',
              name: '某公司',
              orgType: 'business',
              creditCode: '91350100M000100Y43',
              legalRepresentative: '王五',
              contactName: '赵六',
              phone: '0431-6212345',
            }
          : { kind: 'person', name: '李明', idType: 'resident', idNumber: '11010519491231002X', phone: '13800000000' },
      handling: { reportRow: outcomeRows[(i + n) % outcomeRows.length]!, endedOn: `${year}-12-20` },
    }));
    const counters = countRecords(applications);
    const status = (['draft', 'submitted', 'published', 'returned'] as const)[i % 4]!;
    const at = `${year + 1}-01-15T02:00:00.000Z`;
    const report = compileAnnualReport(year, counters, emptyEntries());
    const stored: StoredReport | undefined =
      status === 'draft'
        ? undefined
        : {
            agencyId: agency.id,
            year,
            status,
            entries: emptyEntries(),
            version: 2,
            updatedAt: at,
            submitted: { by: 'seed', at, report },
            ...(status === 'published' && {
              review: { by: 'seed-reviewer', on: `${year + 1}-01-20`, approved: true },
              published: { on: `${year + 1}-01-20`, report },
            }),
            ...(status === 'returned' && {
              review: { by: 'seed-reviewer', on: `${year + 1}-01-20`, approved: false, comments: '请补充第五部分。' },
            }),
          };
    return { agency, i, counters, stored };
  });
}

/**
 * The items of `agencies` and their year (`provinceYear`), written straight into the table in
 * batches; the sums their governments' overviews read are added by `addProvinceSums`.
 */
export function provinceRecords(agencies: readonly Agency[], year: number): Record<string, unknown>[] {
  return provinceYear(agencies, year).flatMap(({ agency, i, counters, stored }) => {
    const records: Record<string, unknown>[] = [...agencyRecords(agency)];
    for (const [y, values] of counters) records.push({ ...keys.stats(agency.id, y), ...values });
    if (stored) records.push({ ...keys.report(agency.id, year), ...stored });
    if (i % 2 === 0) {
      const id = `seed-${agency.id}`;
      const at = `${year}-11-0${1 + (i % 9)}T02:00:00.000Z`;
      records.push({
        ...keys.publication(id),
        ...keys.agencyPublications(agency.id, at, id),
        ...keys.privacyOpen(agency.id, at, id),
        id,
        agencyId: agency.id,
        status: 'submitted',
        version: 1,
        content: {
          title: `${agency.name}关于某项补助发放情况的公示`,
          summary: '',
          bodyHtml: '<p>公示名单见附件。</p>',
        },
        privacy: {
          key: 'seed',
          state: 'done',
          at,
          by: 'submit',
          findings: [{ id: 'f1', kind: 'mobile', where: { field: 'body' }, excerpt: '联系人张某，电话 1**********' }],
        },
      });
    }
    return records;
  });
}

/**
 * What the counters and reports of `agencies` add to their governments' sums (as their steps would
 * have): one update per government, year and shard.
 */
export async function addProvinceSums(agencies: readonly Agency[], year: number): Promise<void> {
  const generated = provinceYear(agencies, year);
  await addToSumsUnder(
    generated.map(({ agency, counters }) => ({
      agencyId: agency.id,
      parentId: agency.parentId,
      changes: [...counters].flatMap(([y, values]) =>
        Object.entries(values).map(([name, by]) => ({ year: y, name, by })),
      ),
    })),
  );
  const sums = new Map<string, Record<string, number>>();
  for (const { agency, stored } of generated) {
    const changes = figureChanges(undefined, reportedFigures(stored));
    for (const owner of sumOwners(agency, isGovernment(agency.kind))) {
      const cells = sums.get(owner) ?? {};
      for (const [cell, by] of Object.entries(changes)) cells[cell] = (cells[cell] ?? 0) + by;
      sums.set(owner, cells);
    }
  }
  for (const [owner, cells] of sums) await addToReportSums([owner], year, cells);
}

/**
 * Accounts to look at the province with (`npm run seed:province`, the benches): a handler, a
 * reviewer and an administrator of the province, the first city, its first county and that county's
 * first town (`sheng-admin`, `c01-reviewer`, `c01-x01-handler`, `c01-x01-t01-admin` …).
 */
export const provinceStaff: StaffMember[] = [
  'sheng',
  provinceFirst.city,
  provinceFirst.county,
  provinceFirst.town,
].flatMap((agencyId, a) =>
  (['handler', 'reviewer', 'admin'] as const).map((role, r) => ({
    username: `${agencyId}-${role}`,
    name: ['周', '吴', '郑', '王'][a]! + ['一', '二', '三'][r]!,
    agencyId,
    roles: [role],
    email: `${agencyId}-${role}@staff.province.example`,
  })),
);
