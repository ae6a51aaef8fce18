/**
 * Email opens and clicks the CRM flagged as machine-made (HubSpot `filteredEvent`: Apple Mail Privacy
 * Protection opens, link scanners' clicks) score nothing by default, and count again with
 * `scoring.engagement.includeFilteredEmailEvents: true`. The connector carries the flag; the HubSpot
 * sandbox flags a share of its opens and clicks, as a real portal's events do.
 */
import { describe, expect, it } from 'vitest';
import { emailEventToActivity } from '../../../connectors/hubspot/map.ts';
import { scoreEngagement } from '../../../src/scoring/engagement.ts';
import type { ScoringActivity } from '../../../src/scoring/types.ts';
import { activity, buildModel, engagementRules, NOW } from './fixtures.ts';

const rules = engagementRules([
  { name: 'Open', activity: 'email_open', points: 2 },
  { name: 'Click', activity: 'email_click', points: 10 },
]);
const events: ScoringActivity[] = [
  activity('email_open', 0),
  { ...activity('email_open', 0), filtered: true },
  { ...activity('email_click', 0), filtered: true },
  activity('email_click', 0),
];
const score = (include?: boolean): number => {
  const config =
    include === undefined
      ? rules
      : { engagement: { ...rules.engagement!, includeFilteredEmailEvents: include } };
  return scoreEngagement(buildModel(config), events, NOW.getTime()).value;
};

describe('filtered email events', () => {
  it('score nothing by default', () => {
    expect(score()).toBe(12);
  });

  it('count again when the model includes them', () => {
    expect(score(true)).toBe(24);
  });

  it('are carried by the HubSpot connector from filteredEvent', () => {
    const base = { id: 'e1', created: NOW.getTime(), type: 'OPEN', recipient: 'Ann@Example.com' };
    expect(emailEventToActivity({ ...base, filteredEvent: true }, null)).toMatchObject({ filtered: true });
    expect(emailEventToActivity({ ...base, filteredEvent: false }, null)).not.toHaveProperty('filtered');
    expect(emailEventToActivity(base, null)).not.toHaveProperty('filtered');
  });
});
