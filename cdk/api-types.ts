/**
 * The console's API types, generated from the route table: each route (`METHOD /path/{param}`) with
 * its query, body and answer as TypeScript, read from the same JSON Schemas the OpenAPI document
 * shows (`cdk/openapi.ts`). `npm run typecheck` writes `web/assets/api-types.d.ts` before checking the
 * console against it, so the console is always checked against the schemas as they are; the file is
 * not committed. A schema zod cannot express (a transform's result) is `unknown`, never `any`.
 */
import { writeFileSync } from 'node:fs';
import { routes, type RouteSpec } from '#routes';
import { jsonSchema } from './openapi.ts';

type JsonSchema = boolean | { [keyword: string]: unknown };

const identifier = /^[A-Za-z_$][\w$]*$/;
const key = (name: string) => (identifier.test(name) ? name : JSON.stringify(name));
const union = (members: string[]) => [...new Set(members)].join(' | ') || 'never';
/** Whether a type is a union at its top level (outside braces and brackets), so needs parentheses before `[]`. */
function topLevelUnion(type: string) {
  let depth = 0;
  for (const c of type) {
    if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}
const item = (type: string) => (topLevelUnion(type) ? `(${type})[]` : `${type}[]`);
/** A file the route answers (a letter's PDF, a case file's ZIP, a page's image): `api()` gives a Blob. */
const fileTypes = /^(application\/(pdf|zip)|image\/)/;

/** The TypeScript type of a JSON Schema as zod writes them (no references: the route schemas have none). */
export function tsType(schema: JsonSchema, indent = ''): string {
  if (schema === true) return 'unknown';
  if (schema === false) return 'never';
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map((value) => JSON.stringify(value)));
  const choices = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (choices) return union(choices.map((choice) => tsType(choice, indent)));
  if (schema.type === undefined) return 'unknown';
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  return union(types.map((type) => single(type, schema, indent)));
}

function single(type: string, schema: { [keyword: string]: unknown }, indent: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const tuple = schema.prefixItems as JsonSchema[] | undefined;
      if (tuple) return `[${tuple.map((s) => tsType(s, indent)).join(', ')}]`;
      return item(schema.items === undefined ? 'unknown' : tsType(schema.items as JsonSchema, indent));
    }
    case 'object':
      return object(schema, indent);
    default:
      throw new Error(`api-types: JSON Schema type ${type} has no TypeScript counterpart here`);
  }
}

function object(schema: { [keyword: string]: unknown }, indent: string): string {
  const inner = `${indent}  `;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {});
  const extra = schema.additionalProperties as JsonSchema | undefined;
  const names = (schema.propertyNames as { enum?: string[] } | undefined)?.enum;
  if (!properties.length && names) {
    // A record over named keys: all of them present when the schema requires them all.
    const optional = names.every((name) => required.has(name)) ? '' : '?';
    return `{ [K in ${union(names.map((n) => JSON.stringify(n)))}]${optional}: ${tsType(extra ?? true, indent)} }`;
  }
  const lines = properties.map(
    ([name, property]) => `${inner}${key(name)}${required.has(name) ? '' : '?'}: ${tsType(property, inner)};`,
  );
  if (extra !== undefined && extra !== false) lines.push(`${inner}[key: string]: ${tsType(extra, inner)};`);
  if (!lines.length) return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** What `api()` answers for a route: a Blob for a file, the text for an HTML page, else the JSON. */
function answer(route: RouteSpec, indent: string) {
  const schema = jsonSchema(route.schemas().response, 'output');
  if (typeof schema.description === 'string' && fileTypes.test(schema.description)) return 'Blob';
  return tsType(schema, indent);
}

/** The declaration file's text: one entry a route, keyed as the route table keys it. */
export function apiTypes(): string {
  const entries = (routes as readonly RouteSpec[]).map((route) => {
    const indent = '    ';
    const { query: querySchema, body: bodySchema } = route.schemas();
    const query = querySchema ? tsType(jsonSchema(querySchema, 'input'), indent) : 'undefined';
    const body = bodySchema ? tsType(jsonSchema(bodySchema, 'input'), indent) : 'undefined';
    return [
      `  /** ${route.operationId} */`,
      `  ${JSON.stringify(`${route.method} ${route.path}`)}: {`,
      `    query: ${query};`,
      `    body: ${body};`,
      `    answer: ${answer(route, indent)};`,
      '  };',
    ].join('\n');
  });
  return `// Generated by cdk/api-types.ts from the route table (functions/routes.ts): do not edit.
// \`npm run typecheck\` writes it before checking the console; \`npm run api-types\` writes it alone.

/** Each route, keyed \`METHOD /path/{param}\`: its query, the body it takes and the answer it gives. */
export interface Operations {
${entries.join('\n')}
}

export type Route = keyof Operations;
export type Query<R extends Route> = Operations[R]['query'];
export type Body<R extends Route> = Operations[R]['body'];
export type Answer<R extends Route> = Operations[R]['answer'];

/** A route's path with each \`{param}\` filled in. */
type Fill<P extends string> = P extends \`\${infer Head}{\${string}}\${infer Tail}\` ? \`\${Head}\${string}\${Fill<Tail>}\` : P;
/** The addresses a route answers at: its path filled in, with or without a query string. */
export type Path<R extends Route> = R extends \`\${string} \${infer P}\` ? Fill<P> | \`\${Fill<P>}?\${string}\` : never;
/** The routes whose answer is a \`T\` (a page of a list, a file's link). */
export type RouteAnswering<T> = { [R in Route]: Operations[R]['answer'] extends T ? R : never }[Route];
`;
}

export const apiTypesFile = new URL('../web/assets/api-types.d.ts', import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(apiTypesFile, apiTypes());
