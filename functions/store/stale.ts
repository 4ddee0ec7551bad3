/** A write made only from the version read found the record changed since: the caller reads again (or tells the user to). */
export class StaleVersionError extends Error {
  constructor(what = 'record') {
    super(`stale ${what} version`);
    this.name = 'StaleVersionError';
  }
}
