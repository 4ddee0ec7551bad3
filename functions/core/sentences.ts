/**
 * Joining what staff typed with the platform's own words (the timeline's events): staff end their
 * words as they like, and each event still reads as one sentence, never 「…答复。。」 or 「（同意。）。」.
 */

/** Words staff typed, inside a sentence of ours: the stops and separators they ended with taken off (`…处理。` → `…处理`). */
export const clause = (text: string) => text.trim().replace(/[。．.；;，,、\s]+$/u, '');

/** Words staff typed, as a sentence of their own: ended once, with their ？ or ！ where they gave one, else 。. */
export function sentence(text: string): string {
  const words = clause(text);
  return !words || /[？！?!…]$/u.test(words) ? words : `${words}。`;
}
