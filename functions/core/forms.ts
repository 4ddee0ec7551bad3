/**
 * A form as the API describes it to the console: the fields a step asks for, with the limits the
 * API's own validation applies. The console lays the form out from this and converts what is typed
 * by each field's kind, so it holds no copy of the rules, labels or limits.
 */
export type FormField = { name: string; label: string; required?: boolean } & (
  | { kind: 'text' | 'multiline'; maxLength: number; value?: string }
  | { kind: 'date'; value?: string }
  | { kind: 'number'; min: number; max: number; value?: number }
  /** One entry a line, sent as a list. */
  | { kind: 'lines'; maxItems: number; maxLength: number }
  | { kind: 'choice'; choices: { value: string | boolean; label: string }[] }
  /** Uploaded first; the step carries their upload ids. */
  | { kind: 'files'; accept: string; maxFiles: number; maxBytes: number }
);

export interface StepForm<Type extends string = string> {
  type: Type;
  label: string;
  fields: FormField[];
  /** The console previews the fee as the form is filled in. */
  preview?: 'fee';
}

export const choices = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
