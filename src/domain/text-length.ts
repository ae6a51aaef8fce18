/**
 * Text length in the unit a CRM counts it in: `utf16` code units (JavaScript's `.length`; Salesforce,
 * where an emoji outside the BMP is two) or Unicode `codepoint`s. Whichever the unit, a cut keeps whole
 * code points: a surrogate pair is never split into a lone half.
 */
import { z } from 'zod';

export const LengthUnit = z.enum(['utf16', 'codepoint']);
export type LengthUnit = z.infer<typeof LengthUnit>;

export function textLength(text: string, unit: LengthUnit): number {
  if (unit === 'utf16') return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The longest prefix of `text` at most `max` long in `unit`. */
export function cutText(text: string, max: number, unit: LengthUnit): string {
  if (max <= 0) return '';
  if (unit === 'codepoint') return Array.from(text).slice(0, max).join('');
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  // A high surrogate as the last unit kept would lose its low half: the pair goes instead.
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, max - 1) : text.slice(0, max);
}
