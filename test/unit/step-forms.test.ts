/**
 * The steps the API offers staff, as forms: offered exactly where the state machine would take
 * them, and each form's fields and limits are what the API's own validation accepts (a form filled
 * in at its limits passes the schema; one past a limit does not), so the console needs no copy.
 */
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import type { Status } from '#core/application.ts';
import { applicationStepForms } from '#core/application-steps.ts';
import { WorkingCalendar } from '#core/calendar.ts';
import { calculateFee } from '#core/fees.ts';
import type { FormField, StepForm } from '#core/forms.ts';
import { publicationStepForms, publicationStatuses, type PublicationStatus } from '#core/publication.ts';
import type { Role } from '#core/staff.ts';
import { allowedActions, IllegalTransition, transition, type Action, type CaseState } from '#core/workflow.ts';
import { actionInput } from '#applications/schemas.ts';
import { stepInput } from '#publications/schemas.ts';

const calendar = new WorkingCalendar();
const today = '2026-03-02';
const statuses: Status[] = [
  'registered',
  'inProgress',
  'correctionRequested',
  'consulting',
  'feeNotice',
  'answered',
  'closed',
  'withdrawn',
  'abandoned',
];
const roleSets: Role[][] = [['handler'], ['reviewer'], ['admin'], ['handler', 'reviewer']];

/** A state in each status, with and without the once-only steps used. */
function states(status: Status): CaseState[] {
  const base: CaseState = {
    status,
    clock: { receiptDate: today },
    ...(status === 'correctionRequested' && { correction: { requestedOn: today, items: ['x'], dueBy: '2026-03-16' } }),
    ...(status === 'consulting' && {
      consultation: { party: '某公司', kind: 'thirdParty', sentOn: today, dueBy: '2026-03-23' },
    }),
    ...(status === 'feeNotice' && {
      fee: { calculation: calculateFee('perPage', 200), noticeOn: today, dueBy: '2026-03-30' },
    }),
  };
  return [
    base,
    { ...base, extensionRequest: { days: 10, reason: '调档', requestedBy: 'a' } },
    { ...base, clock: { ...base.clock, extension: { days: 10, approvedOn: today } } },
    { ...base, correction: { requestedOn: today, items: ['x'], dueBy: '2026-03-16', receivedOn: today } },
    {
      ...base,
      fee: { calculation: calculateFee('perPage', 200), noticeOn: today, dueBy: '2026-03-30', paidOn: today },
    },
  ];
}

const example: Partial<Record<Action['type'], Action>> = {
  confirmReceipt: { type: 'confirmReceipt' },
  requestCorrection: { type: 'requestCorrection', items: ['请明确年度'], periodDays: 10 },
  receiveCorrection: { type: 'receiveCorrection' },
  startConsultation: { type: 'startConsultation', party: '某公司', kind: 'thirdParty' },
  recordConsultationReply: { type: 'recordConsultationReply', reply: '同意' },
  requestExtension: { type: 'requestExtension', days: 10, reason: '需调档' },
  decideExtension: { type: 'decideExtension', approve: true, reason: '同意' },
  sendFeeNotice: { type: 'sendFeeNotice', calculation: calculateFee('perPage', 40), reason: '本月已申请 12 件' },
  recordPayment: { type: 'recordPayment' },
  answer: { type: 'answer', outcome: 'unable.notHeld', basis: '条例第三十六条第（四）项' },
  close: { type: 'close' },
  withdraw: { type: 'withdraw', reason: '申请人撤回' },
  assign: { type: 'assign', assignee: 'lsh-handler' },
  note: { type: 'note', text: '备注' },
};

describe('the steps offered are the steps the state machine takes', () => {
  for (const status of statuses)
    for (const roles of roleSets)
      it(`${status}, ${roles.join('+')}`, () => {
        for (const state of states(status)) {
          const actor = { username: 'someone', roles };
          const offered = new Set(applicationStepForms(state, actor, []).map((f) => f.type));
          expect(new Set(allowedActions(state, actor).filter((t) => t in example))).toEqual(offered);
          for (const [type, action] of Object.entries(example)) {
            let taken = true;
            try {
              transition(state, action!, { calendar, today, actor });
            } catch (error) {
              if (!(error instanceof IllegalTransition)) throw error;
              taken = false;
            }
            expect({ type, taken }).toEqual({ type, taken: offered.has(type as never) });
          }
        }
      });
});

/** What a member of staff would send from the form, each field at the edge `at` of its limits. */
function filledIn(form: StepForm, at: 'least' | 'most' | 'past'): Record<string, unknown> {
  const body: Record<string, unknown> = { type: form.type };
  const text = (max: number) => (at === 'least' ? '字' : '字'.repeat(at === 'most' ? max : max + 1));
  for (const field of form.fields as FormField[]) {
    if (field.kind === 'number')
      body[field.name] = at === 'least' ? field.min : at === 'most' ? field.max : field.max + 1;
    else if (field.kind === 'text' || field.kind === 'multiline') body[field.name] = text(field.maxLength);
    else if (field.kind === 'lines')
      body[field.name] = Array.from(
        { length: at === 'least' ? 1 : at === 'most' ? field.maxItems : field.maxItems + 1 },
        () => text(field.maxLength).slice(0, field.maxLength),
      );
    else if (field.kind === 'choice') body[field.name] = field.choices[0]?.value;
    else if (field.kind === 'date') body[field.name] = today;
  }
  return body;
}

describe('each form is what the API accepts', () => {
  const everything: CaseState[] = statuses.flatMap(states);
  const actor = { username: 'someone', roles: ['handler', 'reviewer'] as Role[] };
  const forms = new Map(
    everything
      .flatMap((s) => applicationStepForms(s, actor, [{ username: 'lsh-handler', name: '陈静' }]))
      .map((f) => [f.type, f]),
  );
  it('every staff step has a form', () => {
    expect([...forms.keys()].sort()).toEqual(Object.keys(example).sort());
  });
  for (const form of forms.values()) {
    const limited = form.fields.some((f) => ['number', 'text', 'multiline', 'lines'].includes(f.kind));
    it(`${form.type}: filled in at its limits, accepted`, () => {
      for (const at of ['least', 'most'] as const) {
        const result = z.safeParse(actionInput(), { version: 1, action: filledIn(form, at) });
        expect(result.success, `${at}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      }
    });
    if (limited)
      it(`${form.type}: past its limits, refused`, () => {
        expect(z.safeParse(actionInput(), { version: 1, action: filledIn(form, 'past') }).success).toBe(false);
      });
  }

  it('publication steps: offered by role and status, each accepted as filled in', () => {
    for (const status of Object.keys(publicationStatuses) as PublicationStatus[])
      for (const roles of roleSets) {
        for (const form of publicationStepForms({ status }, { roles })) {
          if (form.type === 'edit') continue;
          expect(z.safeParse(stepInput(), { version: 1, action: filledIn(form, 'most') }).success).toBe(true);
          if (form.fields.length)
            expect(z.safeParse(stepInput(), { version: 1, action: filledIn(form, 'past') }).success).toBe(false);
        }
      }
    expect(publicationStepForms({ status: 'draft' }, { roles: ['handler'] }).map((f) => f.type)).toEqual([
      'edit',
      'submit',
    ]);
    expect(publicationStepForms({ status: 'submitted' }, { roles: ['reviewer'] }).map((f) => f.type)).toEqual([
      'approve',
      'return',
    ]);
    expect(publicationStepForms({ status: 'published' }, { roles: ['admin'] })).toEqual([]);
  });
});
