import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccountScoringConfig } from '../../../src/accounts/schema.ts';
import { MODEL } from './fixtures.ts';

const issues = (input: unknown): string => {
  const parsed = AccountScoringConfig.safeParse(input);
  return parsed.success ? 'ok' : z.prettifyError(parsed.error);
};

describe('scoring.account schema', () => {
  it('defaults: match by email domain, no person field', () => {
    expect(AccountScoringConfig.parse(MODEL)).toMatchObject({ match: ['email-domain'], personField: false });
  });

  it('a rule on a field companies do not have is an error naming the rule', () => {
    const input = {
      ...MODEL,
      profile: { ...MODEL.profile, rules: [{ name: 'Title', field: 'jobtitle', equals: 'CEO', points: 5 }] },
    };
    expect(issues(input)).toMatchInlineSnapshot(`
      "✖ rule "Title" tests "jobtitle", not a company field (one of name, domain, industry, employees, revenue, country)
        → at profile.rules[0].field"
    `);
  });

  it('checks fields inside `when:` too', () => {
    const input = {
      ...MODEL,
      profile: {
        ...MODEL.profile,
        rules: [{ name: 'Big', when: { all: [{ field: 'employes', gte: 5 }] }, points: 5 }],
      },
    };
    expect(issues(input)).toContain('rule "Big" tests "employes"');
  });

  it('an unknown roll-up, unordered levels and typos fail', () => {
    expect(issues({ ...MODEL, engagement: { rollup: { kind: 'max' }, levels: { '1': 1, '2': 2, '3': 0 } } }))
      .toMatchInlineSnapshot(`
        "✖ Invalid discriminator value. Expected 'sum' | 'top'
          → at engagement.rollup.kind
        ✖ level 2 (2) is above 1 (1)
          → at engagement.levels.2"
      `);
    expect(issues({ ...MODEL, personFeild: true })).toContain('Unrecognized key: "personFeild"');
  });
});
