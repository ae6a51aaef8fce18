/**
 * The deterministic train / held-out split: a person's side depends only on a hash of their id, so the same
 * people are held out on every run and as the data grows (a new person never moves an old one), and a
 * suggestion is never validated on anyone it was trained on.
 */

/** 32-bit FNV-1a over the UTF-16 code units: small, fast, well spread for short ids. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Whether the person with this id is held out, for a held-out share from 0 to 1. */
export function isHeldOut(id: string, heldOutShare: number, salt = 'leadloop-model-suggest'): boolean {
  return fnv1a(`${salt}:${id}`) % 10_000 < Math.round(heldOutShare * 10_000);
}

export function splitByHash<T extends { readonly id: string }>(
  items: Iterable<T>,
  heldOutShare: number,
): { readonly train: T[]; readonly heldOut: T[] } {
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const item of items) (isHeldOut(item.id, heldOutShare) ? heldOut : train).push(item);
  return { train, heldOut };
}
