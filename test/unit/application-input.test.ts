/**
 * What a citizen sends, as the edge reads it (functions/public/schemas.ts): identity numbers as
 * people type them, and every field's error in one answer.
 */
import { describe, expect, it } from 'vitest';
import { checkCaseRows } from '#core/case-import.ts';
import { WorkingCalendar } from '#core/calendar.ts';
import { normaliseIdNumber } from '#core/identity.ts';
import { parseRequestPart } from '#lib/validate.ts';
import { applicationInput } from '#public/schemas.ts';

const person = {
  kind: 'person',
  name: '李明',
  idType: 'resident',
  idNumber: '11010519491231002X',
  address: '吉林省白山市抚松县露水河镇长白街 1 号',
  phone: '13800000000',
};
const organisation = {
  kind: 'organisation',
  name: '抚松县长白山人参商贸有限公司',
  orgType: 'business',
  creditCode: '91350100M000100Y43',
  legalRepresentative: '王五',
  contactName: '赵六',
  phone: '0439-6212345',
  address: '抚松县抚松镇人参大街 8 号',
};
const application = (applicant: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({
  agencyId: 'lushuihe',
  applicant,
  request: { title: '露水河镇 2025 年财政预算执行情况' },
  delivery: { medium: 'paper', method: 'post' },
  formToken: 'token',
  ...rest,
});
const parse = (body: unknown) => parseRequestPart(applicationInput(), body, 'body');

describe('identity numbers as people type them', () => {
  it.each([
    ['a lower-case x', '11010519491231002x'],
    ['spaces between the groups', '110105 19491231 002X'],
    ['full-width digits and a full-width x from an input method', '１１０１０５１９４９１２３１００２ｘ'],
    ['an ideographic space and dashes', '110105　1949-1231-002x'],
  ])('accepts a correct 居民身份证号码 with %s, kept in its one form', (_, typed) => {
    const parsed = parse(application({ ...person, idNumber: typed }));

    expect(parsed.ok && parsed.data.applicant).toMatchObject({ idNumber: '11010519491231002X' });
  });

  it('accepts a 统一社会信用代码 typed in lower case with spaces', () => {
    const parsed = parse(application({ ...organisation, creditCode: '9135 0100 m000 100y 43' }));

    expect(parsed.ok && parsed.data.applicant).toMatchObject({ creditCode: '91350100M000100Y43' });
  });

  it('still refuses a wrong check digit, however it is typed', () => {
    const parsed = parse(application({ ...person, idNumber: '110105 19491231 0021' }));

    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field)).toEqual(['body.applicant.idNumber']);
  });

  it('reads a passport number in lower case as the document prints it', () => {
    const parsed = parse(application({ ...person, idType: 'passport', idNumber: 'e 1234 5678' }));

    expect(parsed.ok && parsed.data.applicant).toMatchObject({ idNumber: 'E12345678' });
  });

  it('is the same one form in the import of old cases', () => {
    const calendar = new WorkingCalendar();
    const { cases, errors } = checkCaseRows(
      [
        {
          oldNumber: 'OLD-1',
          receivedOn: '2026-11-27',
          name: '王建国',
          idNumber: '110105 19491231 002x',
          phone: '13904391234',
          title: '农村公路养护资金使用情况',
        },
        {
          oldNumber: 'OLD-2',
          receivedOn: '2026-11-27',
          applicantType: '法人或其他组织',
          name: '抚松县长白山人参商贸有限公司',
          creditCode: '９１３５０１００ｍ０００１００ｙ４３',
          phone: '0439-6212345',
          title: '国有建设用地供应计划',
        },
      ],
      { calendar, today: '2026-12-01', actor: { username: 'lsh-handler' } },
    );

    expect(errors).toEqual([]);
    expect(cases.map((c) => c.applicant)).toMatchObject([
      { idNumber: '11010519491231002X' },
      { creditCode: '91350100M000100Y43' },
    ]);
  });

  it('normalises case, spaces, dashes and full-width forms, and nothing else', () => {
    expect(normaliseIdNumber(' ｈ１２３４ ５６７８－９０ ')).toBe('H1234567890');
    expect(normaliseIdNumber('11010519491231002X')).toBe('11010519491231002X');
  });
});

describe('every field at fault in one answer', () => {
  it('names a missing phone and a wrong check digit together', () => {
    const parsed = parse(application({ ...person, phone: undefined, idNumber: '110105194912310021' }));

    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field).sort()).toEqual([
      'body.applicant.idNumber',
      'body.applicant.phone',
    ]);
  });

  it('names the address 邮寄 needs beside the other fields at fault', () => {
    const parsed = parse(application({ ...person, address: undefined, name: '' }, { request: { title: '' } }));

    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field).sort()).toEqual([
      'body.applicant.address',
      'body.applicant.name',
      'body.request.title',
    ]);
  });

  it('names a wrong credit code beside a missing contact', () => {
    const parsed = parse(application({ ...organisation, contactName: '', creditCode: '91350100M000100Y44' }));

    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field).sort()).toEqual([
      'body.applicant.contactName',
      'body.applicant.creditCode',
    ]);
  });

  it('says a field once, though two rules would speak of it', () => {
    const parsed = parse(application({ ...person, idNumber: '1'.repeat(70) }));

    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field)).toEqual(['body.applicant.idNumber']);
  });
});
