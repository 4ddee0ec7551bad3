/**
 * Lists of agencies at province size (issue 46): the public list and the application form's choice
 * of agency read a page, from the index of the agencies under one government or of one kind, never
 * every agency. Checked on a generated province (`cdk/local/province.ts`), grown from 20 to 200
 * agencies between two identical requests, counting what each asks of the table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/platform.ts';
import { provinceUnderTest } from '../support/province.ts';

const province = provinceUnderTest();
beforeAll(async () => {
  const { putStaff } = await import('#store/staff.ts');
  await putStaff({ username: 'sheng-d01-handler', name: '孙八', agencyId: 'sheng-d01', roles: ['handler'] });
});
const first = { city: 'c01', county: 'c01-x01' };

const get = async (path: string, token?: string, init: RequestInit = {}) => {
  const response = await fetch(`${province.platform.url}${path}`, {
    ...init,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  return { status: response.status, text: await response.text() };
};
/** What one request asked of the table (calls and items read), the platform's workers held still meanwhile. */
async function measured(path: string, token?: string) {
  const { result, use: asked } = await province.usedBy(() => get(path, token));
  return { ...result, use: asked };
}
const json = (text: string) => JSON.parse(text);
const ids = (body: { agencies: { id: string }[] }) => body.agencies.map((a) => a.id);

describe('the public list of agencies', () => {
  it('reads a page whatever the number of agencies: the same calls and items at 20 agencies and at 200', async () => {
    const admin = await signIn(province.platform.url, 'sheng-admin');
    const handler = await signIn(province.platform.url, 'sheng-d01-handler');
    const lists = [
      '/api/agencies?limit=10',
      '/api/staff/agencies?limit=10',
      '/api/staff/users?agencyId=sheng-d03',
      '/api/staff/applications?limit=10',
    ];
    const measure = async () => {
      const found = [];
      for (const path of lists) {
        const token =
          path === '/api/staff/applications?limit=10' ? handler : path.startsWith('/api/staff') ? admin : undefined;
        await get(path, token); // what a first request of a member of staff reads besides (their profile, …) is read once
        found.push(await measured(path, token));
      }
      return found;
    };
    const small = await measure();
    await province.grow(200, 2025);
    const large = await measure();

    for (const [i, path] of lists.entries()) {
      expect(large[i]!.status, path).toBe(200);
      expect(large[i]!.use.calls, path).toBe(small[i]!.use.calls);
      expect(large[i]!.use.items, path).toBe(small[i]!.use.items);
    }
    expect(json(large[0]!.text).agencies).toHaveLength(10);
    expect(json(large[2]!.text).agencies.map((a: { id: string }) => a.id)).toEqual(['sheng', 'sheng-d03']);
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
        .agencies(200)
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
    const under = province.agencies(200).filter((a) => a.parentId === 'sheng');
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

describe('the administration of agencies at province size', () => {
  const town = (over: Record<string, unknown>) => ({
    id: 'xinzhuang',
    name: '新庄镇人民政府',
    kind: 'town',
    parentId: first.county,
    code: 'XZZ',
    order: 120,
    acceptsApplications: true,
    contact: { address: '', postcode: '', phone: '', fax: '', email: '', officeHours: '' },
    ...over,
  });

  it("lists the agencies under one with it, pages on, and answers one agency's profile", async () => {
    const admin = await signIn(province.platform.url, 'sheng-admin');
    const county = json((await get(`/api/staff/agencies?parentId=${first.county}&limit=20`, admin)).text);
    expect(county.parent).toMatchObject({ id: first.county, kindLabel: '县人民政府' });
    expect(county.agencies).toHaveLength(20);
    const rest = json(
      (await get(`/api/staff/agencies?parentId=${first.county}&cursor=${encodeURIComponent(county.next)}`, admin)).text,
    );
    expect(rest.agencies).toHaveLength(7);
    expect(rest.next).toBeNull();
    const one = json((await get(`/api/staff/agencies/${first.county}-t02`, admin)).text);
    expect(one.agency).toMatchObject({ id: `${first.county}-t02`, parentId: first.county, kind: 'town' });
    expect(one.can.edit).toBe(true);
  });

  it("shows another agency's administrator its own profile only", async () => {
    const countyAdmin = await signIn(province.platform.url, `${first.county}-admin`);
    const list = json((await get('/api/staff/agencies?kind=town', countyAdmin)).text);
    expect(list.agencies.map((a: { id: string }) => a.id)).toEqual([first.county]);
    expect((await get('/api/staff/agencies/sheng', countyAdmin)).status).toBe(403);
  });

  it('judges a new agency by its neighbours, read by key: a town under a city refused, under its county taken', async () => {
    const admin = await signIn(province.platform.url, 'sheng-admin');
    const post = (body: unknown) => get('/api/staff/agencies', admin, { method: 'POST', body: JSON.stringify(body) });
    const underCity = await post(town({ parentId: first.city }));
    expect(underCity.status).toBe(400);
    expect(json(underCity.text).errors[0]).toMatchObject({ field: 'body.parentId' });
    const second = await post(town({ parentId: null, kind: 'county' }));
    expect(second.status).toBe(400);
    expect(json(second.text).errors[0].message).toContain('示例省人民政府');
    const taken = await post(town({}));
    expect(taken.status).toBe(201);
    const codeAgain = await post(town({ id: 'xinzhuang-2' }));
    expect(codeAgain.status).toBe(400);
    expect(json(codeAgain.text).errors).toEqual([{ field: 'body.code', message: expect.stringContaining('XZZ') }]);
  });

  it("holds each agency's letter prefix for it: another's refused by name, and let go when it changes", async () => {
    const county = await signIn(province.platform.url, `${first.county}-admin`);
    const town = await signIn(province.platform.url, `${first.county}-t01-admin`);
    const settings = async (token: string) => {
      const {
        version,
        confirmed: _c,
        seal: _s,
        remedyDefaults: _r,
        ...current
      } = json((await get('/api/staff/agency/letters', token)).text);
      return (prefix: string) =>
        get('/api/staff/agency/letters', token, {
          method: 'PUT',
          body: JSON.stringify({ ...current, prefix, version }),
        });
    };
    expect((await (await settings(county))('丰县公')).status).toBe(200);
    const taken = await (await settings(town))('丰县公');
    expect(taken.status).toBe(400);
    expect(json(taken.text).errors[0]).toMatchObject({
      field: 'body.prefix',
      message: expect.stringContaining('长川县人民政府'),
    });
    expect((await (await settings(county))('丰政公')).status).toBe(200);
    expect((await (await settings(town))('丰县公')).status).toBe(200);
  });
});
