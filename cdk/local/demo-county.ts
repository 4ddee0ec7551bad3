/** The demo county seeded on the first local start (and in tests). Names are fictitious except the places. */
import type { Agency } from '#core/agency.ts';
import type { StaffMember } from '#store/staff.ts';

export const demoAgencies: Agency[] = [
  { id: 'fusong', name: '抚松县人民政府', kind: 'county', parentId: null, order: 1, acceptsApplications: true, code: 'FS' },
  { id: 'fusong-czj', name: '抚松县财政局', kind: 'department', parentId: 'fusong', order: 10, acceptsApplications: true, code: 'FSCZ' },
  { id: 'fusong-zrzyj', name: '抚松县自然资源局', kind: 'department', parentId: 'fusong', order: 11, acceptsApplications: true, code: 'FSZR' },
  { id: 'lushuihe', name: '露水河镇人民政府', kind: 'town', parentId: 'fusong', order: 20, acceptsApplications: true, code: 'LSH', receiptCutoff: '17:00' },
];

const prefixes: Record<string, { prefix: string; people: [string, string, string] }> = {
  fusong: { prefix: 'fs', people: ['张明', '李华', '王芳'] },
  'fusong-czj': { prefix: 'czj', people: ['赵磊', '孙丽', '周强'] },
  'fusong-zrzyj': { prefix: 'zrzyj', people: ['吴刚', '郑敏', '冯涛'] },
  lushuihe: { prefix: 'lsh', people: ['陈静', '刘洋', '杨帆'] },
};

/** One account per role per agency: `<prefix>-handler`, `<prefix>-reviewer`, `<prefix>-admin`. */
export const demoStaff: StaffMember[] = demoAgencies.flatMap((agency) => {
  const { prefix, people } = prefixes[agency.id]!;
  return (['handler', 'reviewer', 'admin'] as const).map((role, i) => ({
    username: `${prefix}-${role}`,
    name: people[i]!,
    agencyId: agency.id,
    roles: [role],
  }));
});
