import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { decodeCursor, encodeCursor } from '../../../connectors/salesforce/cursor.ts';
import type { Page } from '../../../src/domain/person.ts';
import { INSTANCE, LIMIT_HEADER, LOGIN, TOKEN, V, captureLogger, jwtConnection } from './helpers.ts';

const SIGNPOST = new Date('2026-03-01T12:00:00.000Z');
const UPTO = 'SystemModstamp <= 2026-03-01T12:00:00Z';

interface Composite {
  allOrNone: boolean;
  compositeRequest: {
    method: string;
    url: string;
    referenceId: string;
    httpHeaders: Record<string, string>;
  }[];
}

async function collect<P extends Page<unknown>>(pages: AsyncIterable<P>): Promise<P[]> {
  const out: P[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

function connector() {
  nock(LOGIN).post('/services/oauth2/token').reply(200, TOKEN);
  return createSalesforceConnector(jwtConnection(), { logger: captureLogger().logger, retryBaseMs: 5 });
}

const q = (soql: string) => `${V}/queryAll?q=${encodeURIComponent(soql)}`;

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('pullActivities', () => {
  it('packs the Task, Event, CampaignMember and who-relation queries into one /composite call and normalises rows', async () => {
    const bodies: Composite[] = [];
    nock(INSTANCE)
      .post(`${V}/composite`, (b: Composite) => {
        bodies.push(b);
        return true;
      })
      .reply(
        200,
        {
          compositeResponse: [
            {
              referenceId: 'q0',
              httpStatusCode: 200,
              body: {
                totalSize: 3,
                done: false,
                nextRecordsUrl: `${V}/query/01gTask-2`,
                records: [
                  {
                    attributes: { type: 'Task' },
                    Id: '00T1',
                    SystemModstamp: '2026-02-01T10:00:00.000+0000',
                    WhoId: '00Q1',
                    Subject: 'Call',
                    TaskSubtype: 'Call',
                    CallType: 'Outbound',
                    ActivityDate: '2026-02-01',
                    CreatedDate: '2026-02-01T09:30:00.000+0000',
                  },
                  {
                    attributes: { type: 'Task' },
                    Id: '00T2',
                    SystemModstamp: '2026-02-02T10:00:00.000+0000',
                    WhoId: '0031',
                    Subject: 'Re: pricing',
                    TaskSubtype: 'Email',
                    ActivityDate: '2026-01-30',
                    CreatedDate: '2026-02-02T08:00:00.000+0000',
                    TaskWhoRelations: {
                      totalSize: 2,
                      done: true,
                      records: ['0031', '0032'].map((RelationId) => ({
                        attributes: { type: 'TaskWhoRelation' },
                        RelationId,
                      })),
                    },
                  },
                ],
              },
            },
            {
              referenceId: 'q1',
              httpStatusCode: 200,
              body: {
                totalSize: 1,
                done: true,
                records: [
                  {
                    attributes: { type: 'Event' },
                    Id: '00U1',
                    SystemModstamp: '2026-02-03T10:00:00.000+0000',
                    WhoId: '0031',
                    Subject: 'Demo',
                    StartDateTime: '2026-02-05T15:00:00.000+0000',
                    CreatedDate: '2026-02-03T10:00:00.000+0000',
                  },
                ],
              },
            },
            {
              referenceId: 'q2',
              httpStatusCode: 200,
              body: {
                totalSize: 1,
                done: true,
                records: [
                  {
                    attributes: { type: 'CampaignMember' },
                    Id: '00v1',
                    SystemModstamp: '2026-02-04T10:00:00.000+0000',
                    LeadId: '00Q1',
                    ContactId: null,
                    HasResponded: true,
                    FirstRespondedDate: '2026-02-04',
                    CreatedDate: '2026-02-04T10:00:00.000+0000',
                    Campaign: { attributes: { type: 'Campaign' }, Name: 'Spring Webinar', Type: 'Webinar' },
                  },
                ],
              },
            },
            {
              referenceId: 'q3',
              httpStatusCode: 200,
              body: {
                totalSize: 2,
                done: true,
                // 00T2 relates to 0031 (its WhoId, already the Task stream's) and 0032.
                records: ['0031', '0032'].map((person, i) => ({
                  attributes: { type: 'TaskWhoRelation' },
                  Id: `0RT${i + 1}`,
                  SystemModstamp: '2026-02-02T10:00:00.000+0000',
                  TaskId: '00T2',
                  RelationId: person,
                  Task: {
                    attributes: { type: 'Task' },
                    WhoId: '0031',
                    Subject: 'Re: pricing',
                    TaskSubtype: 'Email',
                    CallType: null,
                    ActivityDate: '2026-01-30',
                    CreatedDate: '2026-02-02T08:00:00.000+0000',
                  },
                })),
              },
            },
            { referenceId: 'q4', httpStatusCode: 200, body: { totalSize: 0, done: true, records: [] } },
          ],
        },
        LIMIT_HEADER,
      )
      .post(`${V}/composite`, (b: Composite) => {
        bodies.push(b);
        return true;
      })
      .reply(
        200,
        {
          compositeResponse: [
            {
              referenceId: 'q0',
              httpStatusCode: 200,
              body: {
                totalSize: 3,
                done: true,
                records: [
                  {
                    attributes: { type: 'Task' },
                    Id: '00T3',
                    SystemModstamp: '2026-02-06T10:00:00.000+0000',
                    WhoId: '00Q2',
                    Subject: 'Follow up',
                    TaskSubtype: 'Task',
                    ActivityDate: null,
                    CreatedDate: '2026-02-06T10:00:00.000+0000',
                  },
                ],
              },
            },
          ],
        },
        LIMIT_HEADER,
      );
    const sf = connector();
    const pages = await collect(sf.pullActivities(null, { signpost: SIGNPOST }));
    expect(bodies[0]?.allOrNone).toBe(false);
    expect(bodies[0]?.compositeRequest).toEqual([
      {
        method: 'GET',
        referenceId: 'q0',
        httpHeaders: { 'Sforce-Query-Options': 'batchSize=2000' },
        url: q(
          `SELECT Id, SystemModstamp, WhoId, Subject, TaskSubtype, CallType, ActivityDate, CreatedDate, IsDeleted, (SELECT RelationId FROM TaskWhoRelations) FROM Task WHERE ${UPTO} AND (WhoId != null) ORDER BY SystemModstamp, Id`,
        ),
      },
      {
        method: 'GET',
        referenceId: 'q1',
        httpHeaders: { 'Sforce-Query-Options': 'batchSize=2000' },
        url: q(
          `SELECT Id, SystemModstamp, WhoId, Subject, StartDateTime, ActivityDateTime, CreatedDate, IsDeleted, (SELECT RelationId FROM EventWhoRelations) FROM Event WHERE ${UPTO} AND (WhoId != null) ORDER BY SystemModstamp, Id`,
        ),
      },
      {
        method: 'GET',
        referenceId: 'q2',
        httpHeaders: { 'Sforce-Query-Options': 'batchSize=2000' },
        url: q(
          `SELECT Id, SystemModstamp, LeadId, ContactId, HasResponded, FirstRespondedDate, CreatedDate, Campaign.Name, Campaign.Type FROM CampaignMember WHERE ${UPTO} AND (HasResponded = true AND IsDeleted = false) ORDER BY SystemModstamp, Id`,
        ),
      },
      {
        method: 'GET',
        referenceId: 'q3',
        httpHeaders: { 'Sforce-Query-Options': 'batchSize=2000' },
        url: q(
          `SELECT Id, SystemModstamp, TaskId, RelationId, Task.WhoId, Task.Subject, Task.TaskSubtype, Task.CallType, Task.ActivityDate, Task.CreatedDate FROM TaskWhoRelation WHERE ${UPTO} AND (IsDeleted = false) ORDER BY SystemModstamp, Id`,
        ),
      },
      {
        method: 'GET',
        referenceId: 'q4',
        httpHeaders: { 'Sforce-Query-Options': 'batchSize=2000' },
        url: q(
          `SELECT Id, SystemModstamp, EventId, RelationId, Event.WhoId, Event.Subject, Event.StartDateTime, Event.ActivityDateTime, Event.CreatedDate FROM EventWhoRelation WHERE ${UPTO} AND (IsDeleted = false) ORDER BY SystemModstamp, Id`,
        ),
      },
    ]);
    // Each Task read lists its people in full (00T1 selected no subquery in this fixture: nothing to conclude).
    expect(pages.flatMap((p) => p.people ?? [])).toEqual([
      { crm: 'salesforce', activityId: '00T2', recordIds: ['0031', '0032'] },
    ]);
    // Only the unfinished Task stream is read on, by its nextRecordsUrl, still inside /composite.
    expect(bodies[1]?.compositeRequest.map((s) => s.url)).toEqual([`${V}/query/01gTask-2`]);
    expect(pages.flatMap((p) => p.items)).toEqual([
      {
        crm: 'salesforce',
        sourceId: '00T1',
        recordId: '00Q1',
        type: 'call',
        occurredAt: '2026-02-01T09:30:00.000Z',
        name: 'Call',
      },
      {
        crm: 'salesforce',
        sourceId: '00T2',
        recordId: '0031',
        type: 'email_reply',
        occurredAt: '2026-01-30T00:00:00.000Z',
        name: 'Re: pricing',
      },
      {
        crm: 'salesforce',
        sourceId: '00U1',
        recordId: '0031',
        type: 'meeting',
        occurredAt: '2026-02-05T15:00:00.000Z',
        name: 'Demo',
      },
      {
        crm: 'salesforce',
        sourceId: '00v1',
        recordId: '00Q1',
        type: 'webinar',
        occurredAt: '2026-02-04T10:00:00.000Z',
        name: 'Spring Webinar',
        campaign: 'Spring Webinar',
      },
      // The shared Task's second person: its own ledger key, the Task's type, time and subject.
      {
        crm: 'salesforce',
        sourceId: '00T2:0032',
        recordId: '0032',
        type: 'email_reply',
        occurredAt: '2026-01-30T00:00:00.000Z',
        name: 'Re: pricing',
      },
      {
        crm: 'salesforce',
        sourceId: '00T3',
        recordId: '00Q2',
        type: 'custom',
        occurredAt: '2026-02-06T10:00:00.000Z',
        name: 'Follow up',
      },
    ]);
    expect(decodeCursor(pages[1]?.cursor ?? null)).toEqual({
      Task: { ts: '2026-02-06T10:00:00.000Z', id: '00T3' },
      Event: { ts: '2026-02-03T10:00:00.000Z', id: '00U1' },
      CampaignMember: { ts: '2026-02-04T10:00:00.000Z', id: '00v1' },
      TaskWhoRelation: { ts: '2026-02-02T10:00:00.000Z', id: '0RT2' },
      EventWhoRelation: null,
    });
    expect(sf.usage().calls).toEqual({ oauth: 1, composite: 2 });
  });

  it('a failed query subrequest surfaces its Salesforce code', async () => {
    nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(
        200,
        {
          compositeResponse: [
            {
              referenceId: 'q0',
              httpStatusCode: 400,
              body: [{ errorCode: 'INVALID_FIELD', message: "No such column 'TaskSubtype'" }],
            },
          ],
        },
        LIMIT_HEADER,
      );
    const sf = connector();
    const err = await collect(sf.pullActivities(null, { signpost: SIGNPOST })).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'config', code: 'INVALID_FIELD' });
  });
});

describe('pullOpportunities', () => {
  it('reads Opportunity with its contact roles and re-reads deals whose roles changed alone', async () => {
    const bodies: Composite[] = [];
    nock(INSTANCE)
      .post(`${V}/composite`, (b: Composite) => {
        bodies.push(b);
        return true;
      })
      .reply(
        200,
        {
          compositeResponse: [
            {
              referenceId: 'q0',
              httpStatusCode: 200,
              body: {
                totalSize: 1,
                done: true,
                records: [
                  {
                    attributes: { type: 'Opportunity' },
                    Id: '0061',
                    SystemModstamp: '2026-02-01T10:00:00.000+0000',
                    Name: 'Acme renewal',
                    StageName: 'Closed Won',
                    Amount: 5000,
                    IsClosed: true,
                    IsWon: true,
                    CloseDate: '2026-02-01',
                    CreatedDate: '2026-01-01T10:00:00.000+0000',
                    OpportunityContactRoles: {
                      totalSize: 2,
                      done: true,
                      records: [{ ContactId: '0031' }, { ContactId: '0032' }],
                    },
                  },
                ],
              },
            },
            {
              referenceId: 'q1',
              httpStatusCode: 200,
              body: {
                totalSize: 1,
                done: true,
                records: [
                  {
                    attributes: { type: 'OpportunityContactRole' },
                    Id: '00K1',
                    SystemModstamp: '2026-02-02T10:00:00.000+0000',
                    OpportunityId: '0062',
                  },
                ],
              },
            },
          ],
        },
        LIMIT_HEADER,
      )
      .get(`${V}/query`)
      .query({
        q: "SELECT Id, SystemModstamp, Name, StageName, Amount, IsClosed, IsWon, CloseDate, CreatedDate, (SELECT ContactId FROM OpportunityContactRoles) FROM Opportunity WHERE Id IN ('0062')",
      })
      .reply(
        200,
        {
          totalSize: 1,
          done: true,
          records: [
            {
              attributes: { type: 'Opportunity' },
              Id: '0062',
              SystemModstamp: '2026-01-15T10:00:00.000+0000',
              Name: 'New deal',
              StageName: 'Prospecting',
              Amount: null,
              IsClosed: false,
              IsWon: false,
              CloseDate: '2026-04-01',
              CreatedDate: '2026-01-15T10:00:00.000+0000',
              OpportunityContactRoles: { totalSize: 1, done: true, records: [{ ContactId: '0033' }] },
            },
          ],
        },
        LIMIT_HEADER,
      );
    const sf = connector();
    // Incremental: deal 0062 (stamped 2026-01-15) is behind the cursor, its new role (02-02) is not. A full
    // pull would read 0062 in the Opportunity stream itself and look nothing up.
    const at = { ts: '2026-01-20T00:00:00.000Z', id: '0060' };
    const cursor = encodeCursor({ Opportunity: at, OpportunityContactRole: at });
    const pages = await collect(sf.pullOpportunities(cursor, { signpost: SIGNPOST }));
    // Both streams start the default lookback (300 s) behind the cursor, for rows committed late.
    const after =
      "(SystemModstamp > 2026-01-19T23:55:00Z OR (SystemModstamp = 2026-01-19T23:55:00Z AND Id > ''))";
    expect(bodies[0]?.compositeRequest.map((s) => decodeURIComponent(s.url.split('q=')[1] ?? ''))).toEqual([
      `SELECT Id, SystemModstamp, Name, StageName, Amount, IsClosed, IsWon, CloseDate, CreatedDate, (SELECT ContactId FROM OpportunityContactRoles) FROM Opportunity WHERE ${after} AND ${UPTO} ORDER BY SystemModstamp, Id`,
      `SELECT Id, SystemModstamp, OpportunityId FROM OpportunityContactRole WHERE ${after} AND ${UPTO} ORDER BY SystemModstamp, Id`,
    ]);
    expect(pages[0]?.items).toEqual([
      {
        id: '0061',
        name: 'Acme renewal',
        status: 'won',
        stageName: 'Closed Won',
        amount: 5000,
        createdAt: '2026-01-01T10:00:00.000Z',
        closedAt: '2026-02-01T00:00:00.000Z',
        modifiedAt: '2026-02-01T10:00:00.000Z',
        contactIds: ['0031', '0032'],
      },
      {
        id: '0062',
        name: 'New deal',
        status: 'open',
        stageName: 'Prospecting',
        amount: null,
        createdAt: '2026-01-15T10:00:00.000Z',
        closedAt: null,
        modifiedAt: '2026-01-15T10:00:00.000Z',
        contactIds: ['0033'],
      },
    ]);
    expect(nock.isDone()).toBe(true);
  });
});

describe('listUsers', () => {
  it('reads standard users for owner routing', async () => {
    nock(INSTANCE)
      .get(`${V}/query`)
      .query({
        q: "SELECT Id, Name, Email, IsActive, ManagerId FROM User WHERE UserType = 'Standard' ORDER BY Id",
      })
      .reply(
        200,
        {
          totalSize: 2,
          done: true,
          records: [
            {
              attributes: { type: 'User' },
              Id: '0051',
              Name: 'Sam Rep',
              Email: 'sam@acme.com',
              IsActive: true,
              ManagerId: '0059',
            },
            { attributes: { type: 'User' }, Id: '0052', Name: 'Old Rep', Email: null, IsActive: false },
          ],
        },
        LIMIT_HEADER,
      );
    const sf = connector();
    expect(await sf.listUsers()).toEqual([
      { id: '0051', name: 'Sam Rep', email: 'sam@acme.com', active: true, managerId: '0059' },
      { id: '0052', name: 'Old Rep', email: null, active: false, managerId: null },
    ]);
  });
});
