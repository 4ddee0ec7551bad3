import { describe, expect, it } from 'vitest';
import type { Agency } from '#core/agency.ts';
import { overrideProblem, remedyDefaults } from '#core/reconsideration.ts';

const agency = (over: Partial<Agency>): Agency => ({
  id: 'x',
  name: '',
  kind: 'department',
  parentId: 'fusong',
  order: 1,
  acceptsApplications: true,
  code: 'X',
  ...over,
});
const county = agency({
  id: 'fusong',
  name: '抚松县人民政府',
  kind: 'county',
  parentId: null,
  superior: '白山市人民政府',
});
const finance = agency({ id: 'fusong-czj', name: '抚松县财政局' });
const town = agency({ id: 'lushuihe', name: '露水河镇人民政府', kind: 'town' });
const tax = agency({
  id: 'fusong-sw',
  name: '国家税务总局抚松县税务局',
  vertical: true,
  superior: '国家税务总局白山市税务局',
});
const directory = [county, finance, town, tax];

describe('the 复议机关 under the 2023 行政复议法', () => {
  it('sends a county department to the county government alone (第二十四条第一款第（一）项)', () => {
    expect(remedyDefaults(finance, directory)).toEqual({
      reconsiderationBody: '抚松县人民政府',
      court: '抚松县人民法院',
      basis: '《中华人民共和国行政复议法》第二十四条第一款第（一）项',
    });
  });

  it('sends a town government to the county government (第二十四条第一款第（二）项)', () => {
    expect(remedyDefaults(town, directory)).toMatchObject({
      reconsiderationBody: '抚松县人民政府',
      court: '抚松县人民法院',
      basis: '《中华人民共和国行政复议法》第二十四条第一款第（二）项',
    });
  });

  it('sends the county government to the government one level up, and suits to its intermediate court', () => {
    expect(remedyDefaults(county, directory)).toMatchObject({
      reconsiderationBody: '白山市人民政府',
      court: '白山市中级人民法院',
    });
  });

  it('leaves the county government’s body to be entered when its profile does not name the level above', () => {
    expect(remedyDefaults({ ...county, superior: '' }, directory).reconsiderationBody).toBeUndefined();
  });

  it('sends a vertically managed agency to its superior department (第二十七条), suits to the local court', () => {
    expect(remedyDefaults(tax, directory)).toEqual({
      reconsiderationBody: '国家税务总局白山市税务局',
      court: '抚松县人民法院',
      basis: '《中华人民共和国行政复议法》第二十七条',
    });
  });

  it("in a province's portal, sends a county to its city and a city's department to the city, from the directory", () => {
    const city = agency({ id: 'baishan', name: '白山市人民政府', kind: 'city', parentId: 'jilin' });
    const underCity = { ...county, parentId: 'baishan', superior: undefined };
    expect(remedyDefaults(underCity, [city])).toMatchObject({
      reconsiderationBody: '白山市人民政府',
      court: '白山市中级人民法院',
    });
    expect(remedyDefaults(agency({ name: '白山市财政局', parentId: 'baishan' }), [city])).toMatchObject({
      reconsiderationBody: '白山市人民政府',
      basis: '《中华人民共和国行政复议法》第二十四条第一款第（一）项',
    });
  });

  it('never offers the repealed choice of the superior department or the same-level government', () => {
    for (const a of directory) expect(remedyDefaults(a, directory).reconsiderationBody).not.toContain('或者');
  });
});

describe('an administrator’s override of the 复议机关', () => {
  const defaults = remedyDefaults(finance, directory);

  it('is refused without a note, naming the body the law gives', () => {
    expect(overrideProblem({ reconsiderationBody: '白山市财政局' }, defaults)).toContain('应为「抚松县人民政府」');
  });

  it('is taken with a note', () => {
    expect(
      overrideProblem(
        { reconsiderationBody: '白山市财政局', reconsiderationNote: '经县政府批复由上级部门复议' },
        defaults,
      ),
    ).toBeUndefined();
  });

  it('needs no note where the body is the default', () => {
    expect(overrideProblem({ reconsiderationBody: '抚松县人民政府' }, defaults)).toBeUndefined();
  });
});
