/**
 * The generated province (`npm run seed:province`, the agencies bench): a portal the platform's own
 * rules accept, and sizes that compare like with like.
 */
import { describe, expect, it } from 'vitest';
import { agencyProblems } from '#core/agency.ts';
import { provinceAgencies, provinceFirst, provinceSizeMax } from '../../cdk/local/province.ts';

const province = provinceAgencies(2000);

describe('the generated province', () => {
  it('is a portal agency administration would accept: each agency valid among those before it', () => {
    for (const [i, agency] of province.entries()) {
      const before = province.slice(0, i);
      expect(agencyProblems(agency, before), agency.id).toEqual([]);
    }
  });

  it('names, ids and codes each agency once', () => {
    for (const field of ['id', 'name', 'code'] as const)
      expect(new Set(province.map((a) => a[field])).size, field).toBe(2000);
  });

  it('holds the province, its departments, nine cities, their counties, departments and towns', () => {
    const count = (kind: string) => province.filter((a) => a.kind === kind).length;
    expect([count('province'), count('city'), count('county')]).toEqual([1, 9, 62]);
    expect(provinceAgencies(provinceSizeMax).filter((a) => a.kind === 'county')).toHaveLength(63);
  });

  it('has the first county whole, and the province a page of agencies under it, at 50 agencies as at 2,000', () => {
    const under = (agencies: typeof province, parentId: string) => agencies.filter((a) => a.parentId === parentId);
    const small = provinceAgencies(50);
    expect(under(small, provinceFirst.county)).toEqual(under(province, provinceFirst.county));
    expect(under(small, provinceFirst.county)).toHaveLength(27);
    expect(under(small, 'sheng').length).toBeGreaterThanOrEqual(20);
    expect(small).toEqual(province.slice(0, 50));
  });
});
