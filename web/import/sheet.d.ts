/** Types of the import's spreadsheet reader (sheet.js, bundled for the browser). */
export declare const headerAliases: Record<string, string[]>;
export declare const caseHeaderAliases: Record<string, string[]>;
export declare function rowsFromGrid(
  grid: unknown[][],
  names?: Record<string, string[]>,
): {
  rows: Record<string, unknown>[];
  columns: Record<string, string>;
  unknown: string[];
};
export declare function decodeText(bytes: Uint8Array): string;
export declare function readSheet(
  name: string,
  bytes: Uint8Array,
  names?: Record<string, string[]>,
): Promise<ReturnType<typeof rowsFromGrid>>;
export declare function filesOfZip(bytes: Uint8Array): { name: string; data: Uint8Array }[];
export declare function callsOf<T extends Record<string, unknown>>(rows: T[], size: number): T[][];
export interface ImportColumn {
  field: string;
  label: string;
  rule: string;
  example: string;
}
export declare const importColumns: { publications: ImportColumn[]; applications: ImportColumn[] };
export declare const templateNames: { publications: string; applications: string };
export declare function templateFile(
  kind: 'publications' | 'applications',
  format: 'csv' | 'xlsx',
): Promise<Uint8Array>;
