/** The log context: per invocation, with the function's name and cold start; the metrics' function dimension. */
import { afterEach, describe, expect, it } from 'vitest';
import { invocation, log, requestTrace, withLogFields } from '#lib/log.ts';
import { metric } from '#lib/metrics.ts';
import { captureLogs } from '../support/logs.ts';

let logs: ReturnType<typeof captureLogs> | undefined;
afterEach(() => logs?.restore());

const lines = () => logs!.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the log context', () => {
  it('keeps each of two concurrent invocations on its own request id', async () => {
    logs = captureLogs();

    // Both start before either writes: a context held in a module variable would give both the second's id.
    await Promise.all(
      ['req-a', 'req-b'].map((requestId) =>
        invocation('publications', { requestId }, async () => {
          await pause();
          log.info('step taken', { step: requestId });
          await pause();
          log.info('step answered', { step: requestId });
        }),
      ),
    );

    const written = lines();
    expect(written).toHaveLength(4);
    for (const line of written) expect(line.requestId).toBe(line.step);
  });

  it('says the function and whether the invocation was its cold start on every line', async () => {
    logs = captureLogs();

    await invocation('mailer', { lambdaRequestId: 'l-1' }, async () => log.info('first'));
    await invocation('mailer', { lambdaRequestId: 'l-2' }, async () => log.warn('second'));

    expect(lines()).toEqual([
      expect.objectContaining({ message: 'first', fn: 'mailer', coldStart: true, lambdaRequestId: 'l-1' }),
      expect.objectContaining({ message: 'second', fn: 'mailer', coldStart: false, lambdaRequestId: 'l-2' }),
    ]);
  });

  it('gives a worker item the request that wrote it, over the worker invocation', async () => {
    logs = captureLogs();

    await invocation('renderer', { lambdaRequestId: 'l-9' }, () =>
      withLogFields({ requestId: 'api-7' }, async () => log.info('render task done')),
    );

    expect(lines()[0]).toMatchObject({ fn: 'renderer', lambdaRequestId: 'l-9', requestId: 'api-7' });
  });

  it('traces work to its request, or where no request caused it to its invocation', () => {
    expect(invocation('publications', { requestId: 'api-1', lambdaRequestId: 'l-1' }, requestTrace)).toEqual({
      requestId: 'api-1',
    });
    expect(invocation('sweep', { lambdaRequestId: 'l-2' }, requestTrace)).toEqual({ requestId: 'l-2' });
    expect(requestTrace()).toEqual({});
  });
});

describe('the metrics', () => {
  it('count a figure in all and by the function that wrote it', () => {
    logs = captureLogs();

    invocation('applications', {}, () => metric('StepsTaken'));

    const [line] = lines() as [{ _aws: { CloudWatchMetrics: { Dimensions: string[][] }[] }; function: string }];
    expect(line._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([[], ['function']]);
    expect(line).toMatchObject({ function: 'applications', StepsTaken: 1 });
  });
});
