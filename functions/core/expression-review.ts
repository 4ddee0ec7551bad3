/**
 * 表述检查 inside the check made before anything goes public: the expression checker run over the
 * same texts 个人信息检查 reads (fields, the body, column pages, report text, the attachments' text
 * as the privacy function reads it), its findings kept in the same review, so one acknowledgement
 * mechanism (a reviewer's reason, on the timeline) and one gate serve both. A 严重表述错误 holds
 * approval until corrected or kept with a reason; a lesser wording is a warning that holds nothing.
 */
import { type ExpressionChecker, type ExpressionKind, shippedExpressionLabels } from './expressions.ts';
import type { PrivacyFinding, TextSegment } from './privacy.ts';
import { maskDigitRuns, maskedWhere } from './privacy-scan.ts';

/** What a 表述检查 finding carries beside its place: the wrong form, the right one, how serious. */
export interface ExpressionDetail {
  severity: 'serious' | 'warning';
  type: ExpressionKind;
  wrong: string;
  right: string;
  note?: string;
  source: string;
}

/** A body's attribute values (a link's address) are read for numbers, not for wording. */
const attribute = /^[\w-]+="/u;

/**
 * The checker's findings over the segments, as findings of the review (numbered by the caller): where,
 * the wrong and right forms, and the sentence around it with any long run of digits masked, as every
 * excerpt of the review is.
 */
export function expressionFindings(segments: readonly TextSegment[], checker: ExpressionChecker): PrivacyFinding[] {
  const found: PrivacyFinding[] = [];
  for (const { where, text, cells } of segments) {
    if (attribute.test(text)) continue;
    for (const f of checker.check(text)) {
      const cell = cells?.filter((c) => c.start <= f.start).at(-1)?.ref;
      found.push({
        id: '',
        kind: 'expression',
        where: maskedWhere(cell ? { ...where, cell } : where),
        excerpt: maskDigitRuns(f.excerpt),
        expression: {
          severity: f.severity,
          type: f.kind,
          wrong: f.wrong,
          right: f.right,
          ...(f.note && { note: f.note }),
          source: f.source,
        },
      });
    }
  }
  return found;
}

/** A finding's kind in words: 严重表述错误（领导人姓名、职务和机构名称） or 表述提示（公文常见错别字）. */
export const expressionLabel = (detail: ExpressionDetail) =>
  `${detail.severity === 'serious' ? '严重表述错误' : '表述提示'}（${shippedExpressionLabels().kinds[detail.type]}）`;

/** The finding in a line: 「国务院总里」应为「国务院总理」. */
export const expressionText = (detail: ExpressionDetail) =>
  `「${detail.wrong}」应为「${detail.right}」${detail.note ? `（${detail.note}）` : ''}`;

/** The 表述检查 part of a check's summary, or nothing when it found nothing; `draft` tells the handler what to do. */
export function expressionSummary(findings: readonly PrivacyFinding[], draft: boolean): string {
  const found = findings.filter((f) => f.expression);
  if (!found.length) return '';
  const serious = found.filter((f) => f.expression!.severity === 'serious');
  const open = serious.filter((f) => !f.acknowledged).length;
  const warnings = found.length - serious.length;
  const parts = [
    open
      ? `严重表述错误 ${open} 处${draft ? '，请改正' : '待审核人处理'}`
      : serious.length
        ? '严重表述错误均已确认'
        : '',
    warnings ? `表述提示 ${warnings} 处，请核对` : '',
  ].filter(Boolean);
  return `表述检查：${parts.join('；')}。`;
}
