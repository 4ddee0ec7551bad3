/**
 * Who may do what, where: every combination of roles and standing against a table written out here
 * from REGULATION.md and the console's duties, independently of `core/access.ts`.
 */
import { describe, expect, it } from 'vitest';
import {
  applicationAccess,
  countyWide,
  publicationAccess,
  reportAccess,
  standing,
  type AgencyPlace,
  type Standing,
} from '#core/access.ts';
import type { Role } from '#core/staff.ts';

const county: AgencyPlace = { id: 'fusong', kind: 'county', parentId: null };
const town: AgencyPlace = { id: 'lushuihe', kind: 'town', parentId: 'fusong' };
const otherTown: AgencyPlace = { id: 'xinglong', kind: 'town', parentId: 'fusong' };
const department: AgencyPlace = { id: 'fusong-zrzyj', kind: 'department', parentId: 'fusong' };
const elsewhere: AgencyPlace = { id: 'jingyu', kind: 'county', parentId: null };

describe('standing', () => {
  it.each([
    ['the county towards itself', county, county, 'own'],
    ['the county towards its town', county, town, 'overseer'],
    ['the county towards its department', county, department, 'overseer'],
    ['the county towards another county', county, elsewhere, 'none'],
    ['a town towards itself', town, town, 'own'],
    ['a town towards another town', town, otherTown, 'none'],
    ['a town towards its county', town, county, 'none'],
    ['a department towards a town', department, town, 'none'],
  ] as const)('%s', (_, home, agency, expected) => {
    expect(standing({ agencyId: home.id }, agency, home)).toBe(expected);
  });

  it('a department under a department is not overseen by it (only the county oversees)', () => {
    const office: AgencyPlace = { id: 'office', kind: 'department', parentId: department.id };
    expect(standing({ agencyId: department.id }, office, department)).toBe('none');
  });

  it('without the home agency loaded, only one’s own agency stands', () => {
    expect(standing({ agencyId: county.id }, town)).toBe('none');
    expect(standing({ agencyId: town.id }, town)).toBe('own');
  });

  it('county-wide work is the county’s', () => {
    expect([county, town, department, undefined].map((a) => countyWide(a))).toEqual([true, false, false, false]);
  });

  it("in a province's portal each government oversees the agencies directly under it, and only the province works portal-wide", () => {
    const province: AgencyPlace = { id: 'jl', kind: 'province', parentId: null };
    const city: AgencyPlace = { id: 'bs', kind: 'city', parentId: 'jl' };
    const underCity: AgencyPlace = { id: 'fusong', kind: 'county', parentId: 'bs' };
    const countyTown: AgencyPlace = { id: 'lushuihe', kind: 'town', parentId: 'fusong' };
    expect(standing({ agencyId: province.id }, city, province)).toBe('overseer');
    expect(standing({ agencyId: city.id }, underCity, city)).toBe('overseer');
    expect(standing({ agencyId: underCity.id }, countyTown, underCity)).toBe('overseer');
    // Oversight is of the level directly below: the province reaches a county through its city.
    expect(standing({ agencyId: province.id }, underCity, province)).toBe('none');
    expect([province, city, underCity].map((a) => countyWide(a))).toEqual([true, false, false]);
  });
});

const roleSets: Role[][] = [[], ['handler'], ['reviewer'], ['admin'], ['handler', 'reviewer'], ['reviewer', 'admin']];
const standings: Standing[] = ['own', 'overseer', 'none'];
const has = (roles: Role[], ...any: Role[]) => roles.some((r) => any.includes(r));

describe('the matrix', () => {
  for (const roles of roleSets)
    for (const where of standings) {
      const label = `${roles.join('+') || 'no role'}, ${where}`;
      it(`applications: ${label}`, () => {
        const works = has(roles, 'handler', 'reviewer');
        expect(applicationAccess({ roles }, where)).toEqual({
          read: where === 'own' || (where === 'overseer' && roles.includes('admin')),
          personalData: where === 'own' && works,
          act: where === 'own' && works,
        });
      });
      it(`publications: ${label}`, () => {
        expect(publicationAccess({ roles }, where)).toEqual({
          read: where === 'own',
          create: where === 'own' && roles.includes('handler'),
        });
      });
      for (const agency of [county, town])
        it(`reports of a ${agency.kind}: ${label}`, () => {
          const reads = where !== 'none';
          expect(reportAccess({ roles }, where, agency)).toEqual({
            read: reads,
            compile: where === 'own' && has(roles, 'handler', 'reviewer'),
            // The county's reviewers review the towns' and departments', and the county's own.
            review:
              roles.includes('reviewer') && (where === 'overseer' || (where === 'own' && agency.kind === 'county')),
            // Importing publishes at once: the county's administrators only (into its own, or a town's).
            archive: roles.includes('admin') && (where === 'overseer' || (where === 'own' && agency.kind === 'county')),
          });
        });
    }
});
