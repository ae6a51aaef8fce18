/**
 * Checks a dataset's cross-references, which the zod schema cannot see: unique keys, activities and
 * opportunities pointing at existing people, owners that exist, people present in at least one CRM, and
 * HubSpot's rule that a contact's email is unique (case-insensitively). An admin's own snapshot breaks
 * these easily; saying so here beats a sandbox server failing halfway through loading it.
 */
import type { SandboxDataset } from './dataset.ts';
import { salesforceActivityObject } from './salesforce-activity-object.ts';

/** A Task or Event relates to one Lead or up to 50 Contacts (Salesforce Shared Activities). */
const MAX_RELATED_CONTACTS = 50;

export const MAX_REPORTED_PROBLEMS = 50;

class ProblemList {
  readonly lines: string[] = [];
  total = 0;

  add(line: string): void {
    this.total += 1;
    if (this.lines.length < MAX_REPORTED_PROBLEMS) this.lines.push(line);
  }

  result(): string[] {
    const more = this.total - this.lines.length;
    return more > 0 ? [...this.lines, `... and ${more} more problems`] : this.lines;
  }
}

function indexByKey<T>(items: readonly T[], keyOf: (item: T) => string, path: string, problems: ProblemList) {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    const first = index.get(key);
    if (first === undefined) index.set(key, i);
    else problems.add(`${path}[${i}]: duplicate key ${JSON.stringify(key)} (also ${path}[${first}])`);
  });
  return index;
}

/**
 * A shared Task or Event (Salesforce Shared Activities): it relates to one Lead or up to 50 Contacts, so its
 * primary person and every related one need a Salesforce Contact, each named once.
 */
function checkRelatedPeople(
  dataset: SandboxDataset,
  people: ReadonlyMap<string, number>,
  i: number,
  problems: ProblemList,
): void {
  const a = dataset.activities[i];
  const keys = a?.relatedPersonKeys ?? [];
  if (!a || keys.length === 0) return;
  const path = `activities[${i}].relatedPersonKeys`;
  const object = salesforceActivityObject(a);
  if (a.crm !== 'salesforce' || object === 'CampaignMember') {
    problems.add(
      `${path}: only a Salesforce Task or Event relates to more people (this is a ${a.crm} ${a.type})`,
    );
    return;
  }
  const primary = dataset.people[people.get(a.personKey) ?? -1];
  if (primary && !primary.salesforceContact)
    problems.add(
      `${path}: the primary person ${JSON.stringify(a.personKey)} is a Lead, which shares an activity with nobody`,
    );
  if (keys.length + 1 > MAX_RELATED_CONTACTS)
    problems.add(
      `${path}: ${keys.length + 1} people, but a ${object} relates to at most ${MAX_RELATED_CONTACTS} Contacts`,
    );
  const seen = new Set([a.personKey]);
  keys.forEach((key, j) => {
    const person = dataset.people[people.get(key) ?? -1];
    if (seen.has(key))
      problems.add(`${path}[${j}]: ${JSON.stringify(key)} is already related to this ${object}`);
    else if (!person) problems.add(`${path}[${j}]: unknown person ${JSON.stringify(key)}`);
    else if (!person.salesforceContact)
      problems.add(`${path}[${j}]: person ${JSON.stringify(key)} has no Salesforce Contact`);
    seen.add(key);
  });
}

/** Returns one line per problem (at most 50, then a count); empty when the dataset is consistent. */
export function checkDatasetReferences(dataset: SandboxDataset): string[] {
  const problems = new ProblemList();
  const users = indexByKey(dataset.users, (u) => u.id, 'users', problems);
  const companies = indexByKey(dataset.companies, (c) => c.key, 'companies', problems);
  const people = indexByKey(dataset.people, (p) => p.key, 'people', problems);
  indexByKey(dataset.activities, (a) => a.key, 'activities', problems);
  indexByKey(dataset.opportunities, (o) => o.key, 'opportunities', problems);

  const owner = (id: string, path: string): void => {
    if (!users.has(id)) problems.add(`${path}: unknown user ${JSON.stringify(id)} (not in users)`);
  };
  const hubspotEmails = new Map<string, number>();
  dataset.people.forEach((p, i) => {
    const path = `people[${i}]`;
    if (!p.hubspot && !p.salesforceLead && !p.salesforceContact) {
      problems.add(`${path}: in no CRM (expected hubspot, salesforceLead or salesforceContact)`);
    }
    if (p.companyKey != null && !companies.has(p.companyKey)) {
      problems.add(`${path}.companyKey: unknown company ${JSON.stringify(p.companyKey)}`);
    }
    if (p.salesforceLead) owner(p.salesforceLead.ownerId, `${path}.salesforceLead.ownerId`);
    if (p.salesforceContact) owner(p.salesforceContact.ownerId, `${path}.salesforceContact.ownerId`);
    if (p.hubspot && p.email) {
      const email = p.email.toLowerCase();
      const first = hubspotEmails.get(email);
      if (first === undefined) hubspotEmails.set(email, i);
      else {
        problems.add(
          `${path}.email: ${JSON.stringify(p.email)} is already the email of HubSpot contact people[${first}] ` +
            '(HubSpot keys contacts by email, ignoring case)',
        );
      }
    }
  });

  dataset.activities.forEach((a, i) => {
    const at = people.get(a.personKey);
    const person = at === undefined ? undefined : dataset.people[at];
    if (person === undefined) {
      problems.add(`activities[${i}].personKey: unknown person ${JSON.stringify(a.personKey)}`);
    } else if (a.crm === 'hubspot' ? !person.hubspot : !person.salesforceLead && !person.salesforceContact) {
      problems.add(`activities[${i}].crm: person ${JSON.stringify(a.personKey)} has no ${a.crm} record`);
    }
    if (a.relatedPersonKeys?.length) checkRelatedPeople(dataset, people, i, problems);
  });

  dataset.opportunities.forEach((o, i) => {
    const path = `opportunities[${i}]`;
    owner(o.ownerId, `${path}.ownerId`);
    if (o.companyKey != null && !companies.has(o.companyKey)) {
      problems.add(`${path}.companyKey: unknown company ${JSON.stringify(o.companyKey)}`);
    }
    o.contactPersonKeys.forEach((key, j) => {
      const at = people.get(key);
      const person = at === undefined ? undefined : dataset.people[at];
      if (person === undefined)
        problems.add(`${path}.contactPersonKeys[${j}]: unknown person ${JSON.stringify(key)}`);
      else if (!person.salesforceContact) {
        problems.add(
          `${path}.contactPersonKeys[${j}]: person ${JSON.stringify(key)} has no Salesforce Contact`,
        );
      }
    });
  });
  return problems.result();
}
