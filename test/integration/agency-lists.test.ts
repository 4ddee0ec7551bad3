/**
 * Lists of agencies at province size (issue 46): the public list and the application form's choice
 * of agency read a page, from the index of the agencies under one government or of one kind, never
 * every agency. Checked on a generated province (`cdk/local/province.ts`), grown from 20 to 200
 * agencies between two identical requests, counting what each asks of the table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform } from '../support/platform.ts';
import { putAll } from '../support/table.ts';
import { countTableUse, type TableUse, usedBy } from '../support/table-use.ts';

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let use: TableUse;
// The province's generator writes through the table's client: loaded once the platform has configured it.
let province: typeof import('../../cdk/local/province.ts');
beforeAll(async () => {
  platform = await startTestPlatform({ seed: { province: 20 } });
  use = countTableUse((await import('#lib/dynamo.ts')).db);
  province = await import('../../cdk/local/province.ts');
});
const first = { city: 'c01', county: 'c01-x01' };
afterAll(() => platform?.stop());

const get = async (path: string) => {
  const response = await fetch(`${platform.url}${path}`);
  return { status: response.status, text: await response.text() };
};
/** What one request asked of the table (calls and items read), the platform's workers held still meanwhile. */
async function measured(path: string) {
  const { result, use: asked } = await usedBy(platform, use, () => get(path));
  return { ...result, use: asked };
}
const grow = (to: number) => putAll(province.provinceRecords(province.provinceAgencies(to).slice(20), 2025));
const json = (text: string) => JSON.parse(text);
const ids = (body: { agencies: { id: string }[] }) => body.agencies.map((a) => a.id);

describe('the public list of agencies', () => {
  it('reads a page whatever the number of agencies: the same calls and items at 20 agencies and at 200', async () => {
    const small = await measured('/api/agencies?limit=10');
    await grow(200);
    const large = await measured('/api/agencies?limit=10');

    expect(json(small.text).agencies).toHaveLength(10);
    expect(json(large.text).agencies).toHaveLength(10);
    expect(large.use.calls).toBe(small.use.calls);
    expect(large.use.items).toBe(small.use.items);
  });

  it('pages through every agency in portal order with its cursor, each once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = json(
        (await get(`/api/agencies?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).text,
      );
      expect(page.agencies.length).toBeLessThanOrEqual(100);
      seen.push(...ids(page));
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
    expect(seen[0]).toBe('sheng');
  });

  it('lists the agencies under one government, and those of one kind', async () => {
    const county = json((await get(`/api/agencies?parentId=${first.county}&limit=100`)).text);
    expect(county.agencies).toHaveLength(27);
    expect(county.agencies.every((a: { parentId: string }) => a.parentId === first.county)).toBe(true);
    expect(county.next).toBeNull();
    const towns = json((await get(`/api/agencies?parentId=${first.county}&kind=town`)).text);
    expect(towns.agencies.map((a: { kindLabel: string }) => a.kindLabel)).toEqual(Array(9).fill('乡镇人民政府'));
    const cities = json((await get('/api/agencies?kind=city')).text);
    expect(ids(cities)).toEqual(
      province
        .provinceAgencies(200)
        .filter((a) => a.kind === 'city')
        .map((a) => a.id),
    );
  });

  it('refuses a cursor it did not give, and a malformed filter, naming the field', async () => {
    const forged = await get(
      `/api/agencies?cursor=${encodeURIComponent(Buffer.from('{"pk":"x"}').toString('base64url'))}`,
    );
    expect(forged.status).toBe(400);
    const kind = await get('/api/agencies?kind=village');
    expect(kind.status).toBe(400);
    expect(json(kind.text).errors[0].field).toContain('kind');
  });
});

describe("the application form's choice of agency", () => {
  const options = (html: string) => [...html.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
  const agencySelect = (html: string) => html.slice(html.indexOf('name="agencyId"'), html.indexOf('</select>'));

  it('offers the portal top government and the agencies directly under it, with the way to the levels below', async () => {
    const form = (await get('/apply')).text;
    const under = province.provinceAgencies(200).filter((a) => a.parentId === 'sheng');
    const offered = options(agencySelect(form));
    expect(offered[0]).toBe('sheng');
    expect(offered.slice(1).sort()).toEqual(under.map((a) => a.id).sort());
    expect(form).toContain(`href="/apply?under=${first.city}"`);
  });

  it("offers a county's agencies at its level, with the way up, reading only that level", async () => {
    const county = await measured(`/apply?under=${first.county}`);
    expect(county.status).toBe(200);
    expect(options(agencySelect(county.text))).toHaveLength(28);
    expect(county.text).toContain(`href="/apply?under=${first.city}"`); // up to its city
    expect(county.text).toContain('href="/apply?under=sheng"'); // and the province
    expect(county.use.items).toBeLessThan(40);
  });

  it("opens at the chosen agency's level with it selected (a column's 在线申请 button)", async () => {
    const form = (await get(`/apply?agency=${first.county}-t03`)).text;
    expect(form).toContain(`<option value="${first.county}-t03" selected>`);
    expect(options(agencySelect(form))[0]).toBe(first.county);
  });
});
