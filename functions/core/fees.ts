/**
 * 信息处理费 under 国办函〔2020〕109号: charged only when volume or frequency is clearly excessive, by
 * one of two progressive schemes chosen per application. Every result shows its arithmetic.
 */
export type FeeScheme = 'perItem' | 'perPage';

export interface FeeLine {
  /** First and last unit (item or page) in this band, counted as 109号 counts them. */
  from: number;
  to: number;
  rate: number;
  amount: number;
  text: string;
}

export interface FeeCalculation {
  scheme: FeeScheme;
  quantity: number;
  /** Items the same applicant already asked this agency for in the same calendar month (per item only). */
  earlierThisMonth: number;
  lines: FeeLine[];
  total: number;
  text: string[];
  /** The earlier applications counted (per item), and those the handler found not this applicant's, with why. */
  counted?: string[];
  excluded?: { receiptNumber: string; reason: string }[];
}

export interface EarlierApplication {
  receiptNumber: string;
  receiptDate: string;
  identityConfirmed: boolean;
}

/**
 * Which of the applications made with the same identity number earlier this month are this
 * applicant's (109号 按件计收): only where staff checked the identity, this one's and each earlier
 * one's, and not one the handler excludes. Each with why it is or is not counted, for the handler.
 */
export function earlierCounted(
  thisConfirmed: boolean,
  earlier: EarlierApplication[],
  exclude: { receiptNumber: string; reason: string }[] = [],
) {
  const excluded = new Map(exclude.map((e) => [e.receiptNumber, e.reason]));
  const listed = earlier.map((e) => {
    const reason = excluded.get(e.receiptNumber);
    const why = !thisConfirmed
      ? '本申请未核对申请人身份，不计此前申请'
      : !e.identityConfirmed
        ? '该申请未核对申请人身份，不计入'
        : reason
          ? `经办人确认不属于同一申请人：${reason}`
          : '已核对身份，计入';
    return { ...e, counted: thisConfirmed && e.identityConfirmed && !reason, why };
  });
  return {
    listed,
    counted: listed.filter((e) => e.counted).map((e) => e.receiptNumber),
    excluded: exclude.filter((e) => earlier.some((x) => x.receiptNumber === e.receiptNumber)),
  };
}

/** 按件: items 1–10 free, 11–30 ¥100 each, then each further band of 10 costs ¥100 more each. */
const itemRate = (n: number) => (n <= 10 ? 0 : n <= 30 ? 100 : 100 + 100 * Math.ceil((n - 30) / 10));
const itemBand = (n: number) =>
  n <= 10 ? [1, 10] : n <= 30 ? [11, 30] : [31 + 10 * Math.floor((n - 31) / 10), 40 + 10 * Math.floor((n - 31) / 10)];

/** 按量: pages 1–30 free, 31–100 ¥10, 101–200 ¥20, from 201 ¥40 each. */
const pageRate = (n: number) => (n <= 30 ? 0 : n <= 100 ? 10 : n <= 200 ? 20 : 40);
const pageBand = (n: number) => (n <= 30 ? [1, 30] : n <= 100 ? [31, 100] : n <= 200 ? [101, 200] : [201, Infinity]);

const yuan = (amount: number) => `${amount.toLocaleString('en-US')} 元`;

export function calculateFee(scheme: FeeScheme, quantity: number, earlierThisMonth = 0): FeeCalculation {
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError(`数量应为正整数，收到 ${quantity}。`);
  if (!Number.isInteger(earlierThisMonth) || earlierThisMonth < 0)
    throw new RangeError(`本月此前件数应为非负整数，收到 ${earlierThisMonth}。`);
  const perItem = scheme === 'perItem';
  const rate = perItem ? itemRate : pageRate;
  const band = perItem ? itemBand : pageBand;
  const unit = perItem ? '件' : '页';
  const first = (perItem ? earlierThisMonth : 0) + 1;
  const last = first + quantity - 1;

  const lines: FeeLine[] = [];
  for (let n = first; n <= last; ) {
    const [, bandEnd] = band(n);
    const to = Math.min(last, bandEnd!);
    const count = to - n + 1;
    const amount = count * rate(n);
    const text =
      rate(n) === 0
        ? `第 ${n}–${to} ${unit}（${count} ${unit}）免费`
        : `第 ${n}–${to} ${unit}（${count} ${unit}）每${unit} ${rate(n)} 元，计 ${yuan(amount)}`;
    lines.push({ from: n, to, rate: rate(n), amount, text });
    n = to + 1;
  }
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const text = [
    perItem
      ? `按件计收：同一申请人本月内向本机关申请，此前已 ${earlierThisMonth} 件，本申请 ${quantity} 件，按第 ${first}–${last} 件计算。`
      : `按量计收：本申请共 ${quantity} 页。`,
    ...lines.map((line) => `${line.text}。`),
    `合计 ${yuan(total)}（国办函〔2020〕109号）。`,
  ];
  return { scheme, quantity, earlierThisMonth: perItem ? earlierThisMonth : 0, lines, total, text };
}
