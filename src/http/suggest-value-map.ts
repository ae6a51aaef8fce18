/**
 * Picklist value mapping suggestions for the admin page: each HubSpot option matched to a Salesforce
 * option by API value, then by label, then by a loose form (case, spaces and punctuation ignored). What
 * cannot be matched is listed so the admin maps it by hand. Pure.
 */
import type { FieldDescriptor } from '../domain/field.ts';

export interface ValueMapSuggestion {
  /** HubSpot value → Salesforce value, only where they differ (equal values need no entry). */
  readonly valueMap: Record<string, string>;
  /** Active HubSpot values with no counterpart. */
  readonly unmatched: string[];
}

const loose = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export function suggestValueMap(hubspot: FieldDescriptor, salesforce: FieldDescriptor): ValueMapSuggestion {
  const targets = salesforce.options.filter((o) => o.active);
  const valueMap: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const option of hubspot.options.filter((o) => o.active)) {
    const match =
      targets.find((t) => t.value === option.value) ??
      targets.find(
        (t) =>
          t.label.toLowerCase() === option.label.toLowerCase() ||
          t.value.toLowerCase() === option.label.toLowerCase(),
      ) ??
      targets.find((t) => loose(t.value) === loose(option.value) || loose(t.label) === loose(option.label));
    if (!match) unmatched.push(option.value);
    else if (match.value !== option.value) valueMap[option.value] = match.value;
  }
  return { valueMap, unmatched };
}
