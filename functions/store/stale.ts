export { StaleVersionError } from '#lib/dynamo-errors.ts';
