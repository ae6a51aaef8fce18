/**
 * Constant-time string comparison. Both sides are hashed first so the comparison takes the same time
 * whatever the lengths (`timingSafeEqual` itself throws on unequal lengths, which would leak them).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
