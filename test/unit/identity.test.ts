import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkIdDocument,
  hasLooseCombiningMark,
  isCreditCode,
  isPhoneNumber,
  isResidentIdNumber,
  maskIdentity,
  normaliseName,
} from '#core/identity.ts';

const residentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const withCheck = (first17: string) =>
  first17 + '10X98765432'[[...first17].reduce((s, d, i) => s + Number(d) * residentWeights[i]!, 0) % 11];

describe('居民身份证号码 (GB 11643)', () => {
  it('accepts the examples of the standard', () => {
    expect([isResidentIdNumber('11010519491231002X'), isResidentIdNumber('440524188001010014')]).toEqual([true, true]);
  });

  it('refuses a wrong check character, a lower-case x and an impossible birth date', () => {
    expect(isResidentIdNumber('110105194912310021')).toBe(false);
    expect(isResidentIdNumber('11010519491231002x')).toBe(false);
    expect(isResidentIdNumber(withCheck('11010519490230002'))).toBe(false);
  });

  it('accepts any number whose check character is computed as the standard says', () => {
    const birth = fc
      .date({ min: new Date('1900-01-01'), max: new Date('2026-11-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
    fc.assert(
      fc.property(fc.stringMatching(/^\d{6}$/), birth, fc.stringMatching(/^\d{3}$/), (area, date, seq) =>
        isResidentIdNumber(withCheck(area + date + seq)),
      ),
    );
  });

  it('refuses every single-character change of a valid number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789X'), (position, replacement) => {
        const valid = '11010519491231002X';
        const changed = valid.slice(0, position) + replacement + valid.slice(position + 1);
        return changed === valid || !isResidentIdNumber(changed);
      }),
    );
  });
});

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts the example of the standard', () => {
    expect(isCreditCode('91350100M000100Y43')).toBe(true);
  });

  it('refuses a wrong check character and letters outside the alphabet', () => {
    expect(isCreditCode('91350100M000100Y44')).toBe(false);
    expect(isCreditCode('91350100I000100Y43')).toBe(false);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (value) => typeof isCreditCode(value) === 'boolean'));
  });
});

describe('other identity documents', () => {
  it('checks format only, with a hint in Chinese', () => {
    expect(checkIdDocument('passport', 'E12345678')).toBeNull();
    expect(checkIdDocument('hkMacaoPermit', 'X123')).toBe('格式不正确，应为 H 或 M 开头，后接 8 或 10 位数字');
  });
});

it('masks identity numbers to their first and last four characters', () => {
  expect(maskIdentity('11010519491231002X')).toBe('1101**********002X');
});

describe('telephone numbers an office can call back', () => {
  it('takes mobiles of 11 digits, landlines with their area code, local and international numbers', () => {
    for (const good of [
      '13800000000',
      '139 1234 5678',
      '0439-6212345',
      '(0439) 6212345',
      '0439-6212345转8001',
      '6212345',
      '+86 139 1234 5678',
    ])
      expect(isPhoneNumber(good), good).toBe(true);
    for (const bad of [
      '1380000000',
      '138000000001',
      '12345678901',
      'call me',
      '0439',
      '138****0000',
      '0439-6212345转转1',
    ])
      expect(isPhoneNumber(bad), bad).toBe(false);
  });
});

describe('names', () => {
  it('finds a combining mark that composes into no letter, and lets one that does pass', () => {
    expect(hasLooseCombiningMark('Ｚｈａｎｇ\u0301')).toBe(true);
    expect(hasLooseCombiningMark('李\u0336明')).toBe(true);
    expect(hasLooseCombiningMark('Mu\u0308ller')).toBe(false);
    expect(hasLooseCombiningMark('买买提·艾力')).toBe(false);
  });

  it('keeps full-width letters and digits as their ordinary forms', () => {
    expect(normaliseName('Ｚｈａｎｇ Ｓａｎ')).toBe('Zhang San');
    expect(normaliseName('李明')).toBe('李明');
  });
});
