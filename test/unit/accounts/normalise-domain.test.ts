import { describe, expect, it } from 'vitest';
import {
  emailDomain,
  normaliseCompanyName,
  normaliseDomain,
} from '../../../src/accounts/normalise-domain.ts';

describe('normaliseDomain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['  ACME.com ', 'acme.com'],
    ['https://www.Acme.com/about?x=1', 'acme.com'],
    ['http://shop.acme.co.uk:8080', 'shop.acme.co.uk'],
    ['www.acme.de.', 'acme.de'],
  ])('%j → %j', (input, expected) => expect(normaliseDomain(input)).toBe(expected));

  it.each([[''], ['n/a'], ['acme'], ['not a domain.com'], [null], [42]])('%j is no key', (input) =>
    expect(normaliseDomain(input)).toBeNull(),
  );

  it('reads the domain of an email', () => {
    expect(emailDomain('Ann@Mail.Acme.com')).toBe('mail.acme.com');
    expect(emailDomain('nobody')).toBeNull();
  });
});

describe('normaliseCompanyName', () => {
  it.each([
    ['Acme Systems, Inc.', 'acme systems'],
    ['Müller  GmbH', 'muller'],
    ['ACME SYSTEMS', 'acme systems'],
    ['Ltd', 'ltd'],
  ])('%j → %j', (input, expected) => expect(normaliseCompanyName(input)).toBe(expected));

  it('has no key for a blank name', () => expect(normaliseCompanyName('  ,. ')).toBeNull());
});
