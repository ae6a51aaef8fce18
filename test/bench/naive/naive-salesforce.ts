/**
 * The naive Salesforce side: per Lead or Contact, retrieve it, query its Tasks, Events and campaign
 * responses, score, and update it, one call each, through `jsforce`. Deliberately not leadloop.
 */
import type { Connection } from '@jsforce/jsforce-node';
import type { ActivityType } from '../../../src/domain/activity.ts';
import type { CompiledModel } from '../../../src/scoring/compile-model.ts';
import { scorePerson } from '../../../src/scoring/score-person.ts';
import type { ScoringActivity } from '../../../src/scoring/types.ts';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Salesforce ids are 15/18 alphanumerics; anything else never reaches a SOQL string. */
function safeId(id: string): string {
  if (!/^[a-zA-Z0-9]{15,18}$/.test(id)) throw new Error(`not a Salesforce id: ${id}`);
  return id;
}

/** Scores and writes one Lead or Contact; returns how many API calls it took. */
export async function naiveSalesforceRecord(
  conn: Connection,
  object: 'Lead' | 'Contact',
  id: string,
  model: CompiledModel,
  now: Date,
): Promise<number> {
  const who = safeId(id);
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve.htm
  const record = (await conn.sobject(object).retrieve(who)) as unknown as Row;
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
  const tasks = await conn.query<Row>(
    `SELECT Id, Subject, TaskSubtype, ActivityDate FROM Task WHERE WhoId = '${who}'`,
  );
  const events = await conn.query<Row>(`SELECT Id, Subject, StartDateTime FROM Event WHERE WhoId = '${who}'`);
  const members = await conn.query<Row>(
    `SELECT Id, Status, CreatedDate FROM CampaignMember WHERE ${object === 'Lead' ? 'LeadId' : 'ContactId'} = '${who}'`,
  );
  const activities: ScoringActivity[] = [
    ...tasks.records.map((t): ScoringActivity => ({
      type: (t['TaskSubtype'] === 'Email' ? 'email_reply' : 'call') as ActivityType,
      occurredAt: str(t['ActivityDate']) ?? undefined,
      name: str(t['Subject']),
    })),
    ...events.records.map((e): ScoringActivity => ({
      type: 'meeting',
      occurredAt: str(e['StartDateTime']) ?? undefined,
      name: str(e['Subject']),
    })),
    ...members.records
      .filter((m) => m['Status'] === 'Responded')
      .map((m): ScoringActivity => ({
        type: 'campaign_response',
        occurredAt: str(m['CreatedDate']) ?? undefined,
      })),
  ];
  const fields = {
    email: str(record['Email']),
    jobtitle: str(record['Title']),
    industry: str(record['Industry']),
    country: str(record['Country']) ?? str(record['MailingCountry']),
    numberofemployees: typeof record['NumberOfEmployees'] === 'number' ? record['NumberOfEmployees'] : null,
  };
  const score = scorePerson(model, { fields, activities }, now);
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve_patch.htm
  await conn
    .sobject(object)
    .update({ Id: who, Leadloop_Score__c: score.total, Leadloop_Grade__c: score.grade });
  return 5;
}
