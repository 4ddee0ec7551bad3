/**
 * A multi-pattern automaton (Aho–Corasick) over UTF-16 code units: one pass over a text finds every
 * occurrence of every pattern, so a check's cost follows the text's length and the hits, not the
 * number of patterns. The transitions are one Map keyed by state and code unit (one Map, not one per
 * state, so that thousands of patterns build in milliseconds); each state keeps the patterns ending
 * there and a link to the next state down its suffix chain that ends a pattern.
 */
export interface Hit {
  pattern: number;
  start: number;
  end: number;
}

const edge = (state: number, code: number) => state * 0x10000 + code;

export class PatternMatcher {
  private readonly goto = new Map<number, number>();
  private readonly fail: number[] = [0];
  private readonly ends: number[][] = [[]];
  private readonly outLink: number[] = [-1];
  private readonly lengths: number[];

  constructor(patterns: readonly string[]) {
    this.lengths = patterns.map((p) => p.length);
    const children: number[][] = [[]];
    const codeInto: number[] = [0];
    patterns.forEach((pattern, index) => {
      if (!pattern) return;
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        let to = this.goto.get(edge(state, code));
        if (to === undefined) {
          to = this.fail.length;
          this.fail.push(0);
          this.ends.push([]);
          this.outLink.push(-1);
          children.push([]);
          codeInto.push(code);
          children[state]!.push(to);
          this.goto.set(edge(state, code), to);
        }
        state = to;
      }
      this.ends[state]!.push(index);
    });
    // Breadth first: a state's failure link is the longest proper suffix that is also a prefix.
    const queue = [...children[0]!];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const to of children[state]!) {
        const code = codeInto[to]!;
        let f = this.fail[state]!;
        let target = this.goto.get(edge(f, code));
        while (target === undefined && f) {
          f = this.fail[f]!;
          target = this.goto.get(edge(f, code));
        }
        this.fail[to] = target !== undefined && target !== to ? target : 0;
        const link = this.fail[to]!;
        this.outLink[to] = this.ends[link]!.length ? link : this.outLink[link]!;
        queue.push(to);
      }
    }
  }

  /** Every occurrence of every pattern, in order of where it ends. */
  search(text: string): Hit[] {
    const hits: Hit[] = [];
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let to = this.goto.get(edge(state, code));
      while (to === undefined && state) {
        state = this.fail[state]!;
        to = this.goto.get(edge(state, code));
      }
      state = to ?? 0;
      for (let s = this.ends[state]!.length ? state : this.outLink[state]!; s > 0; s = this.outLink[s]!)
        for (const pattern of this.ends[s]!) hits.push({ pattern, start: i + 1 - this.lengths[pattern]!, end: i + 1 });
    }
    return hits;
  }
}
