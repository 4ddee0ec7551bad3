import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateFee } from '#core/fees.ts';

describe('calculateFee (国办函〔2020〕109号, hand-checked)', () => {
  it('charges 35 items ¥3,000: 11–30 at ¥100, 31–35 at ¥200', () => {
    const fee = calculateFee('perItem', 35);

    expect(fee.total).toBe(3000);
    expect(fee.text).toEqual([
      '按件计收：同一申请人本月内向本机关申请，此前已 0 件，本申请 35 件，按第 1–35 件计算。',
      '第 1–10 件（10 件）免费。',
      '第 11–30 件（20 件）每件 100 元，计 2,000 元。',
      '第 31–35 件（5 件）每件 200 元，计 1,000 元。',
      '合计 3,000 元（国办函〔2020〕109号）。',
    ]);
  });

  it('charges 45 items ¥5,500', () => {
    expect(calculateFee('perItem', 45).total).toBe(5500);
  });

  it('charges 250 pages ¥4,700: 31–100 at ¥10, 101–200 at ¥20, 201–250 at ¥40', () => {
    const fee = calculateFee('perPage', 250);

    expect(fee.total).toBe(4700);
    expect(fee.lines.map((l) => [l.from, l.to, l.rate, l.amount])).toEqual([
      [1, 30, 0, 0],
      [31, 100, 10, 700],
      [101, 200, 20, 2000],
      [201, 250, 40, 2000],
    ]);
  });

  it("counts the applicant's earlier items this month: 5 items after 28 cost 2×¥100 + 3×¥200", () => {
    const fee = calculateFee('perItem', 5, 28);

    expect(fee.total).toBe(800);
    expect(fee.lines.map((l) => [l.from, l.to])).toEqual([
      [29, 30],
      [31, 33],
    ]);
  });

  it('charges nothing within the free allowance', () => {
    expect([calculateFee('perItem', 10).total, calculateFee('perPage', 30).total]).toEqual([0, 0]);
  });

  it('refuses a quantity that is not a positive whole number', () => {
    expect(() => calculateFee('perPage', 0)).toThrow(RangeError);
    expect(() => calculateFee('perItem', 2.5)).toThrow(RangeError);
  });

  it("splits one month's items into applications without changing the month's total", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }), (parts) => {
        let earlier = 0;
        let sum = 0;
        for (const part of parts) {
          sum += calculateFee('perItem', part, earlier).total;
          earlier += part;
        }
        return sum === calculateFee('perItem', earlier).total;
      }),
    );
  });
});
