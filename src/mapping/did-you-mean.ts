/** "did you mean" for a mistyped field name: the closest existing name by edit distance. */

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The nearest name (case-insensitive), if it is close enough to be a typo: at most a third of the length. */
export function closestName(wanted: string, names: readonly string[]): string | undefined {
  const target = wanted.toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 3));
  let best: { name: string; d: number } | undefined;
  for (const name of [...names].sort()) {
    const d = distance(target, name.toLowerCase());
    if (d <= limit && (best === undefined || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** ` (did you mean "Title"?)`, or nothing. */
export function didYouMean(wanted: string, names: readonly string[]): string {
  const name = closestName(wanted, names);
  return name === undefined ? '' : ` (did you mean "${name}"?)`;
}
