/** The demo county seeded on the first local start (and in tests). Names are fictitious except the places. */
import { createHash } from 'node:crypto';
import { Secret } from 'otpauth';
import type { Agency, LetterSettings } from '#core/agency.ts';

const letters = (
  prefix: string,
  office: string,
  address: string,
  reconsiderationBody = '抚松县人民政府',
): LetterSettings => ({
  prefix,
  reconsiderationBody,
  court: '抚松县人民法院',
  office,
  address,
  phone: '0439-6200000',
  payment: '请于工作时间持本通知书到本机关政府信息公开工作机构缴纳，缴款后取得财政票据',
});
import type { StaffMember } from '#store/staff.ts';

export const demoAgencies: Agency[] = [
  {
    id: 'fusong',
    name: '抚松县人民政府',
    kind: 'county',
    parentId: null,
    order: 1,
    acceptsApplications: true,
    code: 'FS',
    publishing: { indexPattern: '{code}/{YYYY}-{NNNNN}', orgCode: '013869271' },
    superior: '白山市人民政府',
    letters: letters('抚政公', '抚松县人民政府办公室', '抚松县抚松镇府前街1号', '白山市人民政府'),
    // The footer a real county site shows (政府网站发展指引), so a newcomer sees it: values made up,
    // and marked so (the 网站标识码 all zeros, which no site is given); a county enters its own in 机构管理.
    site: {
      sponsor: '抚松县人民政府办公室（演示数据）',
      organiser: '抚松县政务服务和数字化建设管理局（演示数据）',
      siteCode: '0000000000',
      icp: '吉ICP备00000000号（演示数据）',
      police: '吉公网安备00000000000000号（演示数据）',
    },
  },
  {
    id: 'fusong-czj',
    name: '抚松县财政局',
    kind: 'department',
    parentId: 'fusong',
    order: 10,
    acceptsApplications: true,
    code: 'FSCZ',
    publishing: { indexPattern: '{code}/{YYYY}-{NNNNN}', orgCode: '013869288' },
    letters: letters('抚财公', '抚松县财政局办公室', '抚松县抚松镇府前街5号'),
  },
  {
    id: 'fusong-zrzyj',
    name: '抚松县自然资源局',
    kind: 'department',
    parentId: 'fusong',
    order: 11,
    acceptsApplications: true,
    code: 'FSZR',
    publishing: { indexPattern: '{code}/{YYYY}-{NNNNN}', orgCode: '013869296' },
    letters: letters('抚自然资公', '抚松县自然资源局办公室', '抚松县抚松镇建设街8号'),
  },
  {
    id: 'lushuihe',
    name: '露水河镇人民政府',
    kind: 'town',
    parentId: 'fusong',
    order: 20,
    acceptsApplications: true,
    code: 'LSH',
    receiptCutoff: '17:00',
    publishing: { indexPattern: '{code}/{YYYY}-{NNNNN}', orgCode: '013869317' },
    letters: letters('露政公', '露水河镇党政综合办公室', '抚松县露水河镇中心街1号'),
  },
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
    email: `${prefix}-${role}@staff.fusong.example`,
  }));
});

/**
 * How the demo staff sign in through the platform's own provider locally: one password for all,
 * and each account's authenticator secret derived from its username, so the dev page and the tests
 * can show or compute the current code. Never used outside the local demo.
 */
export const demoPassword = 'Demo-Gongkai-2026';
export const demoTotpSecret = (username: string): string =>
  new Secret({ buffer: Uint8Array.from(createHash('sha1').update(`gongkai-demo:${username}`).digest()).buffer }).base32;
