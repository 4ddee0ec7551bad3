/**
 * The redaction function's job: one turn produces one redaction. The engine removes what is under
 * every mark (and whatever else a file carries that could repeat it), then verifies the output by a
 * second reading; a file is written only when every check passed. A failed check, or an engine that
 * could not read the file, leaves the redaction `failed` with the checks named and nothing released.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Verification } from '#core/redaction.ts';
import { config } from '#lib/config.ts';
import type { Work } from '#store/job-turns.ts';
import { errorFields, log } from '#lib/log.ts';
import { s3 } from '#lib/s3.ts';
import { finishProducing, getRedaction, type StoredRedaction } from '#store/redactions.ts';
import { readObject } from '#store/uploads.ts';
import { engineVersions, type RedactionFormat } from './format.ts';
import { extensionOf, redactedName, redactionKeys } from './redactions.ts';

/** The engine threw (a file it could not open or save): recorded as a failed check, like any other. */
const engineFailure = (): Verification => ({
  passed: false,
  at: new Date().toISOString(),
  engines: engineVersions,
  checks: [
    {
      name: 'engine',
      passed: false,
      detail: '遮盖引擎未能处理该文件（文件可能已损坏或加密），未生成任何文件。请检查原件后重新发起。',
    },
  ],
});

const redactOne: Work = async (job, _more, save) => {
  const id = String(job.params.redactionId);
  const item = await getRedaction(id);
  // Marked again, or produced by a later job, since this one was queued: nothing to do.
  if (item?.state !== 'producing' || item.jobId !== job.id) {
    await save({ progress: { done: 1, total: 1 }, cursor: 1, result: { skipped: true } });
    return true;
  }
  let verification: Verification;
  let result: StoredRedaction['result'];
  try {
    const { redact } = await import('./engine.ts');
    const produced = await redact(
      await readObject(config.privateBucket(), item.originalKey),
      item.format as RedactionFormat,
      item.marks,
    );
    verification = produced.verification;
    if (verification.passed) {
      const key = redactionKeys.result(item.agencyId, item.id, extensionOf(item.format));
      await s3.send(
        new PutObjectCommand({
          Bucket: config.privateBucket(),
          Key: key,
          Body: produced.bytes,
          ContentType: produced.contentType,
        }),
      );
      result = {
        key,
        contentType: produced.contentType,
        fileName: redactedName(item.fileName, item.format),
        size: produced.bytes.byteLength,
      };
    }
  } catch (error) {
    log.error('redaction engine failed', { redaction: id, format: item.format, ...errorFields(error) });
    verification = engineFailure();
  }
  const failedChecks = verification.checks.filter((c) => !c.passed);
  const next: StoredRedaction = {
    ...item,
    state: verification.passed ? 'ready' : 'failed',
    verification,
    ...(result && { result }),
    version: item.version + 1,
    updatedAt: new Date().toISOString(),
  };
  const text = verification.passed
    ? `遮盖结果已生成，核验通过（${verification.checks.length} 项检查）。`
    : `遮盖结果核验未通过，未生成任何文件：${failedChecks.map((c) => `${c.name}${c.markIds?.length ? `（标记 ${c.markIds.join('、')}）` : ''}`).join('；')}。`;
  const saved = await finishProducing(next, job.id, {
    type: verification.passed ? 'ready' : 'failed',
    actor: '系统',
    actorName: '遮盖核验',
    at: next.updatedAt,
    text,
  });
  log.info('redaction produced', { redaction: id, passed: verification.passed, failed: failedChecks.length, saved });
  await save({ progress: { done: 1, total: 1 }, cursor: 1, result: { passed: verification.passed, saved } });
  return true;
};

export const redactionKinds = { redact: redactOne };
