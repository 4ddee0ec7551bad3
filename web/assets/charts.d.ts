/** Types of charts.js for the site's renderer. */
export type Tree = [string, Record<string, string | number>, ...(Tree | string)[]];
export declare function barChart(chart: {
  title: string;
  rows: { label: string; value: number }[];
  unit?: string;
}): Tree;
export declare function svgMarkup(tree: Tree | string): string;
export declare function svgElement(tree: Tree | string): Node;
