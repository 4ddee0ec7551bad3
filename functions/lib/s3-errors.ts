/**
 * What S3's errors mean for the caller: an object that is not there, or a range it does not have.
 * Matched by the SDK's error classes (bundled with each function, so `instanceof` holds after
 * minification) or the HTTP status, never by a name.
 */
import { NoSuchKey, NotFound, S3ServiceException } from '@aws-sdk/client-s3';

/**
 * The object asked for is not in the bucket: GetObject answers NoSuchKey (S3 and s3rver send its
 * code in the body); HeadObject, whose 404 has no body, answers NotFound.
 */
export const isMissingObject = (error: unknown): error is NoSuchKey | NotFound =>
  error instanceof NoSuchKey || error instanceof NotFound;

/**
 * A ranged GetObject asked for bytes the object does not have (416: an empty object has no byte 0).
 * S3 models no class for it (its code is InvalidRange): the status is what is stable.
 */
export const isRangeNotSatisfiable = (error: unknown): boolean =>
  error instanceof S3ServiceException && error.$metadata.httpStatusCode === 416;
