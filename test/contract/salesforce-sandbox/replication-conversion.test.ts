import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSalesforceSandbox } from '../../../connectors/salesforce/sandbox/index.ts';
import { TestClock, api, connect, startSf, statusCodeOf } from './sandbox-helpers.ts';

describe('getUpdated/getDeleted, lead conversion and activities', () => {
  let sb: RunningSalesforceSandbox;
  let clock: TestClock;
  beforeEach(async () => {
    clock = new TestClock('2026-03-01T12:00:00.000Z');
    sb = await startSf(
      {
        leads: 4,
        contacts: 2,
        activities: true,
        opportunities: [
          {
            key: 'opp-1',
            name: 'Big deal',
            companyKey: 'company-0',
            stageName: 'Negotiation/Review',
            status: 'open',
            amount: 50_000,
            createdAt: '2026-02-10T00:00:00.000Z',
            closeDate: '2026-04-30T00:00:00.000Z',
            ownerId: '005000000000001AAA',
            contactPersonKeys: ['contact-0', 'contact-1'],
          },
        ],
      },
      { clock: clock.now },
    );
  });
  afterEach(() => sb.close());

  it('lists updated and deleted ids in a window (jsforce updated/deleted)', async () => {
    const conn = connect(sb);
    const a = sb.store.leadIdForPersonKey('lead-0') as string;
    const b = sb.store.leadIdForPersonKey('lead-1') as string;
    clock.advance(5 * 60_000);
    sb.store.update('Lead', a, { Title: 'Changed' });
    clock.advance(60_000);
    sb.store.delete('Lead', b);
    clock.advance(5 * 60_000);
    const updated = await conn.sobject('Lead').updated('2026-03-01T12:00:00Z', '2026-03-01T12:30:00Z');
    expect(updated.ids).toEqual([a]);
    expect(updated.latestDateCovered).toBe('2026-03-01T12:11:00.000+0000');
    const deleted = await conn.sobject('Lead').deleted('2026-03-01T12:00:00Z', '2026-03-01T12:30:00Z');
    expect(deleted.deletedRecords).toEqual([{ id: b, deletedDate: '2026-03-01T12:06:00.000+0000' }]);
    expect(deleted).toMatchObject({
      earliestDateAvailable: '2026-03-01T12:06:00.000+0000',
      latestDateCovered: '2026-03-01T12:11:00.000+0000',
    });
    const queryAll = await conn.query('SELECT Id, IsDeleted FROM Lead WHERE IsDeleted = true', {
      scanAll: true,
    });
    expect(queryAll.records).toMatchObject([{ Id: b, IsDeleted: true }]);
    expect((await conn.query('SELECT Id FROM Lead')).totalSize).toBe(3);
  });

  it('rejects windows older than 30 days or reversed', async () => {
    const old = await api(
      sb,
      `/sobjects/Lead/updated?start=${encodeURIComponent('2026-01-01T00:00:00+00:00')}&end=${encodeURIComponent('2026-03-01T00:00:00+00:00')}`,
    );
    expect(old).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_REPLICATION_DATE' }] });
    const reversed = await api(
      sb,
      `/sobjects/Lead/updated?start=${encodeURIComponent('2026-03-01T10:00:00+00:00')}&end=${encodeURIComponent('2026-03-01T09:00:00+00:00')}`,
    );
    expect(reversed.status).toBe(400);
  });

  it('converts a lead through the store and shows it in queries, with an opportunity', async () => {
    const conn = connect(sb);
    const leadId = sb.store.leadIdForPersonKey('lead-2') as string;
    clock.advance(60_000);
    const result = sb.store.convertLead(leadId, { opportunity: { name: 'From conversion', amount: 12_000 } });
    const lead = await conn.query<Record<string, unknown>>(
      `SELECT Id, IsConverted, Status, ConvertedDate, ConvertedContactId, ConvertedContact.Email, ConvertedAccount.Name, ConvertedOpportunityId, SystemModstamp FROM Lead WHERE Id = '${leadId}'`,
    );
    expect(lead.records[0]).toMatchObject({
      IsConverted: true,
      Status: 'Closed - Converted',
      ConvertedDate: '2026-03-01',
      ConvertedContactId: result.contactId,
      ConvertedContact: { Email: 'lead-2@example.com' },
      ConvertedAccount: { Name: 'Company 2' },
      ConvertedOpportunityId: result.opportunityId,
      SystemModstamp: '2026-03-01T12:01:00.000+0000',
    });
    const roles = await conn.query<Record<string, unknown>>(
      `SELECT Id, StageName, IsClosed, IsWon, Amount, (SELECT ContactId, IsPrimary FROM OpportunityContactRoles) FROM Opportunity WHERE Id = '${result.opportunityId ?? ''}'`,
    );
    expect(roles.records[0]).toMatchObject({
      StageName: 'Prospecting',
      IsClosed: false,
      Amount: 12_000,
      OpportunityContactRoles: {
        totalSize: 1,
        done: true,
        records: [{ ContactId: result.contactId, IsPrimary: true }],
      },
    });
    const updates = await conn.sobject('Lead').update([{ Id: leadId, Title: 'x' }]);
    expect(statusCodeOf(updates[0])).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
  });

  it('serves opportunities with contact roles and stage changes (won)', async () => {
    const conn = connect(sb);
    const opp = await conn.query<Record<string, unknown>>(
      "SELECT Id, Name, StageName, IsClosed, IsWon, Amount, CloseDate, Account.Name, (SELECT Contact.Email, IsPrimary FROM OpportunityContactRoles ORDER BY IsPrimary DESC) FROM Opportunity WHERE Name = 'Big deal'",
    );
    const record = opp.records[0] as Record<string, unknown>;
    expect(record).toMatchObject({
      StageName: 'Negotiation/Review',
      IsClosed: false,
      Amount: 50_000,
      CloseDate: '2026-04-30',
      Account: { Name: 'Company 0' },
    });
    expect((record['OpportunityContactRoles'] as { records: unknown[] }).records).toEqual([
      {
        attributes: expect.any(Object),
        Contact: { attributes: expect.any(Object), Email: 'contact-0@example.com' },
        IsPrimary: true,
      },
      {
        attributes: expect.any(Object),
        Contact: { attributes: expect.any(Object), Email: 'contact-1@example.com' },
        IsPrimary: false,
      },
    ]);
    sb.store.setOpportunityStage(record['Id'] as string, 'Closed Won');
    const won = await conn.query('SELECT IsClosed, IsWon FROM Opportunity WHERE IsWon = true');
    expect(won.records).toMatchObject([{ IsClosed: true, IsWon: true }]);
  });

  it('maps Salesforce activities to Task, Event and CampaignMember', async () => {
    const conn = connect(sb);
    const contactId = sb.store.contactIdForPersonKey('contact-0') as string;
    const tasks = await conn.query<Record<string, unknown>>(
      `SELECT Subject, TaskSubtype, Status, ActivityDate, Who.Type FROM Task WHERE WhoId = '${contactId}' ORDER BY ActivityDate`,
    );
    expect(tasks.records.map((t) => [t['TaskSubtype'], t['Subject'], t['Status']])).toEqual([
      ['Call', 'Intro call', 'Completed'],
      ['Email', 'Re: pricing', 'Completed'],
    ]);
    expect(tasks.records[0]?.['Who']).toMatchObject({ Type: 'Contact' });
    const events = await conn.query(
      `SELECT Subject, StartDateTime, DurationInMinutes FROM Event WHERE WhoId = '${contactId}'`,
    );
    expect(events.records).toMatchObject([{ Subject: 'Demo', DurationInMinutes: 30 }]);
    const members = await conn.query(
      `SELECT Campaign.Name, Status, HasResponded, Type FROM CampaignMember WHERE ContactId = '${contactId}'`,
    );
    expect(members.records).toMatchObject([
      { Campaign: { Name: 'Scoring 101' }, Status: 'Responded', HasResponded: true, Type: 'Contact' },
    ]);
    const taskId = sb.store.addTask({ whoId: contactId, subject: 'Follow-up', taskSubtype: 'Call' });
    expect(sb.store.get('Task', taskId)).toMatchObject({ IsClosed: true, WhoId: contactId });
    const memberId = sb.store.addCampaignMember({
      campaignName: 'Spring launch',
      leadId: sb.store.leadIdForPersonKey('lead-3') as string,
      hasResponded: true,
    });
    expect(sb.store.get('CampaignMember', memberId)).toMatchObject({
      HasResponded: true,
      FirstRespondedDate: '2026-03-01',
      Type: 'Lead',
    });
  });

  it('produces the same ids for the same dataset', async () => {
    const again = await startSf({ leads: 4, contacts: 2, activities: true });
    try {
      expect(again.store.leadIdForPersonKey('lead-3')).toBe(sb.store.leadIdForPersonKey('lead-3'));
      expect(again.store.contactIdForPersonKey('contact-1')).toBe(
        sb.store.contactIdForPersonKey('contact-1'),
      );
      expect(sb.store.leadIdForPersonKey('lead-0')).toMatch(/^00Q[A-Za-z0-9]{12}[A-Z0-5]{3}$/);
    } finally {
      await again.close();
    }
  });
});
