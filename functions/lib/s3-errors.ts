/**
 * What S3's errors mean for the caller: an object that is not there. Matched by the SDK's error
 * classes (bundled with each function, so `instanceof` holds after minification), never by a name.
 */
import { NoSuchKey, NotFound } from '@aws-sdk/client-s3';

/**
 * The object asked for is not in the bucket: GetObject answers NoSuchKey (S3 and s3rver send its
 * code in the body); HeadObject, whose 404 has no body, answers NotFound.
 */
export const isMissingObject = (error: unknown): error is NoSuchKey | NotFound =>
  error instanceof NoSuchKey || error instanceof NotFound;
