/**
 * The import job's slices: a slice's reservation holds only what must be atomic (its plan, each row's
 * 索引号 claim and the 索引号 sequences it moves); the rows' listing places are the renderer's, so
 * they take no room in it, whatever the rows' categories.
 */
import { describe, expect, it } from 'vitest';
import type { StagedRow } from '#store/imports.ts';

const categories = ['其他应当主动公开的信息', '财政预算决算', '规划信息', '行政规范性文件', '统计信息'];
const rowsOf = (count: number, kept: boolean) =>
  Array.from(
    { length: count },
    (_, i) =>
      ({
        row: i + 2,
        id: `row${i}`,
        publishedOn: '2016-03-08',
        ...(kept && { indexNumber: `013869317/2016-${String(i + 1).padStart(5, '0')}` }),
        content: { category: categories[i % categories.length], writtenOn: '2016-03-01' },
        files: [],
      }) as unknown as StagedRow,
  );

describe('a page of imported rows cut into slices', () => {
  it('fits as many rows in a slice as their 索引号 claims allow, their listings taking no room', async () => {
    const { slicesOf } = await import('../../functions/jobs/import-publications.ts');
    // The plan and 99 claims: one transaction of 100.
    expect(slicesOf(rowsOf(100, true)).map((s) => s.length)).toEqual([99, 1]);
    // Numbers given by the agency's rule: the year's sequence moved too.
    expect(slicesOf(rowsOf(100, false)).map((s) => s.length)).toEqual([98, 2]);
  });
});
