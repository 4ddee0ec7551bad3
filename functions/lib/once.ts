/**
 * A value built on first use and kept: the route table's zod schemas are built when a request (or the
 * build's OpenAPI and console types) first asks for them, not when a function's bundle is imported.
 * Building them all at import was some 50 ms of every API function's cold start, for schemas of
 * routes that one invocation never serves.
 */
export function once<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
