/**
 * A generated world as leadloop would score it, without CRMs: each person's fields as the sandboxes serve
 * them (HubSpot contact properties, Salesforce Lead or Contact fields), merged by the example config's field
 * mappings through the real `canonicalFields`, and their activities from both CRMs. Outcomes are what a
 * first sync's stage step makes of the Salesforce evidence: a won deal is WON, an open deal SQL. (A
 * conversion alone is not: the link hands a converted Lead's person to its Contact, so the Lead's
 * `IsConverted` never reaches the step; the deal most conversions create is what counts.)
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { employeeRange, analyticsSource } from '../../connectors/hubspot/sandbox/dataset-loader.ts';
import type { SandboxCompany, SandboxDataset, SandboxPerson } from '../../connectors/sandbox/dataset.ts';
import { canonicalFields } from '../../src/mapping/canonical.ts';
import { FieldMapping } from '../../src/mapping/schema.ts';
import type { PersonSides, RecordFields } from '../../src/mapping/person-sides.ts';
import { compileModel, type CompiledModel } from '../../src/scoring/compile-model.ts';
import { ScoringConfig } from '../../src/scoring/schema.ts';
import { scorePerson } from '../../src/scoring/score-person.ts';
import type { Score, ScoringActivity, ScoringPerson } from '../../src/scoring/types.ts';

const example = parse(
  readFileSync(new URL('../../config/leadloop.example.yaml', import.meta.url), 'utf8'),
) as { scoring: unknown; fieldMappings: unknown };

export const exampleModel = (): CompiledModel => compileModel(ScoringConfig.parse(example.scoring));
const MAPPINGS = FieldMapping.array().parse(example.fieldMappings);

function hubspotFields(p: SandboxPerson, c: SandboxCompany | undefined): RecordFields {
  return {
    firstname: p.firstName ?? null,
    lastname: p.lastName,
    email: p.email?.toLowerCase() ?? null,
    jobtitle: p.jobTitle ?? null,
    company: c?.name ?? null,
    industry: c?.industry ?? null,
    // Contacts hold the size as a range ("100-500"), as HubSpot does.
    numberofemployees: c?.numberOfEmployees == null ? null : employeeRange(c.numberOfEmployees),
    country: p.country ?? c?.country ?? null,
    phone: p.phone ?? null,
    hs_analytics_source: p.leadSource ? analyticsSource(p.leadSource) : null,
    hs_email_optout: p.optedOutOfEmail ? 'true' : 'false',
  };
}

function leadFields(p: SandboxPerson, c: SandboxCompany | undefined): RecordFields {
  return {
    FirstName: p.firstName ?? null,
    LastName: p.lastName,
    Email: p.email ?? null,
    Title: p.jobTitle ?? null,
    Company: c?.name ?? '[not provided]',
    Industry: c?.industry ?? null,
    NumberOfEmployees: c?.numberOfEmployees ?? null,
    Country: p.country ?? c?.country ?? null,
    Phone: p.phone ?? null,
  };
}

function contactFields(p: SandboxPerson): RecordFields {
  return {
    FirstName: p.firstName ?? null,
    LastName: p.lastName,
    Email: p.email ?? null,
    Title: p.jobTitle ?? null,
    MailingCountry: p.country ?? null,
    Phone: p.phone ?? null,
  };
}

/** The person's fields named by HubSpot property, merged as a sync would merge them. */
export function scoringFields(p: SandboxPerson, company: SandboxCompany | undefined): RecordFields {
  const sides: PersonSides = {
    hubspot: p.hubspot && { fields: hubspotFields(p, company), modifiedAt: p.hubspot.updatedAt },
    // The Contact is the primary Salesforce record of a converted Lead, as in the engine.
    salesforce: p.salesforceContact
      ? { object: 'contact', fields: contactFields(p), modifiedAt: p.salesforceContact.updatedAt }
      : p.salesforceLead && {
          object: 'lead',
          fields: leadFields(p, company),
          modifiedAt: p.salesforceLead.updatedAt,
        },
  };
  return canonicalFields(sides, MAPPINGS);
}

export type DatasetOutcome = 'won' | 'sql' | 'none';

export interface ScoredPerson {
  readonly key: string;
  readonly score: Score;
  readonly outcome: DatasetOutcome;
}

/** Every person of the world scored with `model` at the dataset's `generatedAt`, with their outcome. */
export function scoreDataset(dataset: SandboxDataset, model: CompiledModel = exampleModel()): ScoredPerson[] {
  const now = new Date(dataset.generatedAt);
  const companies = new Map(dataset.companies.map((c) => [c.key, c]));
  const activities = new Map<string, ScoringActivity[]>();
  for (const a of dataset.activities) {
    const list = activities.get(a.personKey) ?? [];
    list.push(a);
    activities.set(a.personKey, list);
  }
  const deals = new Map<string, Set<string>>();
  for (const o of dataset.opportunities) {
    for (const key of o.contactPersonKeys) {
      const statuses = deals.get(key) ?? new Set<string>();
      statuses.add(o.status);
      deals.set(key, statuses);
    }
  }
  return dataset.people.map((p) => {
    const person: ScoringPerson = {
      fields: scoringFields(p, p.companyKey ? companies.get(p.companyKey) : undefined),
      activities: activities.get(p.key) ?? [],
    };
    const statuses = deals.get(p.key);
    const outcome: DatasetOutcome = statuses?.has('won') ? 'won' : statuses?.has('open') ? 'sql' : 'none';
    return { key: p.key, score: scorePerson(model, person, now), outcome };
  });
}

/** Share of `people` that reached SQL (an SQL or a WON outcome); 0 for none. */
export function sqlRate(people: readonly ScoredPerson[]): number {
  if (people.length === 0) return 0;
  return people.filter((p) => p.outcome !== 'none').length / people.length;
}
