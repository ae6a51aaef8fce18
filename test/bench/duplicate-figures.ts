/**
 * How many duplicates the sandbox generator makes, by kind, per 1,000 people (the figures in
 * connectors/sandbox/README.md): `node test/bench/duplicate-figures.ts [people] [seed ...]`. People are
 * grouped by normalised email (trim + lower-case), as leadloop links them; a group's Salesforce records
 * beyond its primary (Contact over Lead) are its duplicates.
 */
import { generateDataset } from '../../connectors/sandbox/generate.ts';
import type { SandboxPerson } from '../../connectors/sandbox/dataset.ts';

type Kind = 'Lead + Lead' | 'Lead + Contact' | 'Contact + Contact' | 'HubSpot + Lead, case only';

function recordsOf(p: SandboxPerson): { hubspot: number; leads: number; contacts: number } {
  const openLead = p.salesforceLead && !p.salesforceLead.isConverted ? 1 : 0;
  return { hubspot: p.hubspot ? 1 : 0, leads: openLead, contacts: p.salesforceContact ? 1 : 0 };
}

export function duplicateKinds(people: readonly SandboxPerson[]): Map<Kind, number> {
  const groups = new Map<string, SandboxPerson[]>();
  for (const p of people) {
    const email = p.email?.trim().toLowerCase();
    if (!email) continue;
    groups.set(email, [...(groups.get(email) ?? []), p]);
  }
  const kinds = new Map<Kind, number>();
  const add = (kind: Kind, n = 1): void => {
    if (n > 0) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
  };
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const total = group.map(recordsOf).reduce((a, b) => ({
      hubspot: a.hubspot + b.hubspot,
      leads: a.leads + b.leads,
      contacts: a.contacts + b.contacts,
    }));
    const salesforce = total.leads + total.contacts;
    if (salesforce <= 1) {
      add('HubSpot + Lead, case only');
      continue;
    }
    // The primary is a Contact when there is one; every other record is one duplicate of it.
    if (total.contacts > 0) {
      add('Contact + Contact', total.contacts - 1);
      add('Lead + Contact', total.leads);
    } else add('Lead + Lead', total.leads - 1);
  }
  return kinds;
}

if (import.meta.main) {
  const [peopleArg, ...seedArgs] = process.argv.slice(2);
  const people = Number(peopleArg ?? 10_000);
  const seeds = seedArgs.length > 0 ? seedArgs.map(Number) : [7, 23, 42, 101, 2026];
  const now = new Date('2026-01-01T00:00:00.000Z');
  for (const seed of seeds) {
    const kinds = duplicateKinds(generateDataset({ people, seed, now }).people);
    const per1000 = (n: number): string => ((n * 1000) / people).toFixed(2);
    const row = [...kinds].sort().map(([k, n]) => `${k}: ${n} (${per1000(n)}/1,000)`);
    process.stdout.write(`seed ${seed}, ${people} people: ${row.join('; ') || 'none'}\n`);
  }
}
