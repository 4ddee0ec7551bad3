/**
 * Where an application sits (core/workflow.ts's Placement): its keys in the staff queue's indexes,
 * and while it is open its entry in the open-applications list, which is also the sweep's agenda.
 * Written with each step (store/applications.ts) and moved without one when a deadline changes.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { caseStateOf, type Application } from '#core/application.ts';
import type { IsoDate } from '#core/dates.ts';
import { openStatuses, type CaseState, type Placement } from '#core/workflow.ts';
import { conditionHeld, db, queryPage, tableName, transactWrite } from '#lib/dynamo.ts';
import * as keys from './keys.ts';

/** NFKC (full-width letters and digits as ASCII), lower case, no spaces: how staff search is compared. */
export const searchForm = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** `SET a = :a, …` with its values, for writing attributes such as the queue's onto an item. */
export function setAttributes(attributes: Record<string, unknown>) {
  return {
    set: Object.keys(attributes)
      .map((name) => `${name} = :${name}`)
      .join(', '),
    values: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [`:${name}`, value])),
  };
}

/** What the queue's indexes and search read of an application, written with it and with each step. */
export function queueAttributes(
  application: Pick<Application, 'agencyId' | 'receiptNumber' | 'status' | 'applicant' | 'request' | 'handling'>,
  due: IsoDate | null,
) {
  return {
    ...keys.queue(
      application.agencyId,
      application.status,
      application.handling?.assignee,
      due,
      application.receiptNumber,
    ),
    queueDue: due,
    searchText: searchForm(`${application.receiptNumber} ${application.applicant.name} ${application.request.title}`),
  };
}

/** The sweep's view of an open application: what it needs to decide, without the personal data. */
export interface OpenApplication {
  receiptNumber: string;
  agencyId: string;
  version: number;
  state: Pick<CaseState, 'status' | 'clock' | 'remindedFor' | 'overdueFor'> & {
    /** Its end, or what counts it once the calendar has its year (`correctionDue`). */
    correction?: Pick<NonNullable<CaseState['correction']>, 'dueBy' | 'requestedOn' | 'periodDays'>;
    fee?: { dueBy: string };
  };
  /** The deadline the application sits at in the queue. */
  queueDue?: IsoDate | null;
  /** The day the sweep next has something to do (absent: nothing until a step). */
  sweepOn?: IsoDate | null;
}

/** The open-list entry already sits at `place` (in the queue and on the sweep's agenda). */
export const isPlaced = (entry: OpenApplication, place: Placement) =>
  place.queueDue === (entry.queueDue ?? null) && place.sweepOn === (entry.sweepOn ?? null);

/** The write that keeps the open-applications list in step with an application's state, and with it the sweep's agenda. */
export function openIndexWrite(
  receiptNumber: string,
  agencyId: string,
  version: number,
  state: CaseState,
  place: Placement,
) {
  if (!openStatuses.includes(state.status))
    return { Delete: { TableName: tableName, Key: keys.openApplication(receiptNumber) } };
  const { status, clock, remindedFor, overdueFor, correction, fee } = state;
  const open: OpenApplication = {
    receiptNumber,
    agencyId,
    version,
    queueDue: place.queueDue,
    sweepOn: place.sweepOn,
    state: {
      status,
      clock,
      remindedFor,
      overdueFor,
      ...(correction && {
        correction: {
          dueBy: correction.dueBy,
          requestedOn: correction.requestedOn,
          ...(correction.periodDays && { periodDays: correction.periodDays }),
        },
      }),
      ...(fee && { fee: { dueBy: fee.dueBy } }),
    },
  };
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.openApplication(receiptNumber),
        ...(place.sweepOn && keys.sweepAgenda(place.sweepOn, receiptNumber)),
        ...open,
      },
    },
  };
}

export const openIndexItem = (application: Application, place: Placement) =>
  openIndexWrite(application.receiptNumber, application.agencyId, application.version, caseStateOf(application), place);

/**
 * One page of the sweep's agenda: open applications with something due on or before `day` (and
 * those whose deadline waits for a year's calendar), earliest first. Work stays with what is due,
 * not with every application open.
 */
export async function sweepAgendaPage(
  day: IsoDate,
  cursor?: Record<string, unknown>,
  limit = 100,
): Promise<{ items: OpenApplication[]; next?: Record<string, unknown> }> {
  const { Items = [], LastEvaluatedKey } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :to',
      ExpressionAttributeValues: { ':pk': 'SWEEP', ':to': `${day}#~` },
      ExclusiveStartKey: cursor,
      Limit: limit,
    }),
  );
  return { items: Items as OpenApplication[], next: LastEvaluatedKey };
}

/** Open applications a page at a time (the re-placing job after a calendar change). */
export const openApplicationsPage = (page: { limit: number; cursor?: string }) =>
  queryPage<OpenApplication>(
    { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.openApplications().pk } },
    { ...page, keyNames: ['pk', 'sk'], partition: ['pk', keys.openApplications().pk] },
  );

/**
 * Moves an application in the queue and the sweep's agenda when its deadline changed without a step
 * (a year's holidays entered, a schedule corrected): its queue keys and its open-list entry, only
 * from the version read.
 */
export async function moveInQueue(application: Application, place: Placement): Promise<boolean> {
  const queue = setAttributes(queueAttributes(application, place.queueDue));
  return conditionHeld(
    transactWrite([
      {
        Update: {
          TableName: tableName,
          Key: keys.application(application.receiptNumber),
          UpdateExpression: `SET ${queue.set}`,
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': application.version, ...queue.values },
        },
      },
      openIndexItem(application, place),
    ]),
  );
}
