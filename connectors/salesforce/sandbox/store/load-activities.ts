/**
 * Salesforce-recorded behaviour and pipeline from the dataset: calls and emails become Tasks, meetings
 * Events, campaign touches CampaignMembers (one per campaign and person), opportunities come with
 * contact roles. A shared Task or Event (Shared Activities) relates to its other Contacts too.
 */
import type { SandboxActivity, SandboxDataset } from '../../../sandbox/dataset.ts';
import { isResponse, salesforceActivityObject } from '../../../sandbox/salesforce-activity-object.ts';
import { stamp } from './dataset-values.ts';
import type { SalesforceStore } from './salesforce-store.ts';
import { sfDateTime } from './store-core.ts';
import { relateWho } from './who-relations.ts';

/** The shared activity's other people, saved with it; a Lead shares nothing, and nobody is related twice. */
function relateOthers(
  store: SalesforceStore,
  sobject: 'Task' | 'Event',
  id: string,
  a: SandboxActivity,
): void {
  if (!a.relatedPersonKeys?.length || !store.table(`${sobject}WhoRelation`)) return;
  const primary = store.contactByPersonKey.get(a.personKey);
  if (!primary) return;
  for (const key of a.relatedPersonKeys) {
    const contactId = store.contactByPersonKey.get(key);
    if (contactId && contactId !== primary) relateWho(store, sobject, id, contactId, { withActivity: true });
  }
}

/** Salesforce-recorded behaviour: calls and emails are Tasks, meetings Events, campaign touches members. */
export function loadActivity(
  store: SalesforceStore,
  a: SandboxActivity,
  memberIds: Map<string, string>,
): void {
  const whoId = store.contactByPersonKey.get(a.personKey) ?? store.leadByPersonKey.get(a.personKey);
  if (!whoId) return;
  const at = stamp(a.occurredAt);
  const when = { createdAt: at, modifiedAt: at };
  const object = salesforceActivityObject(a);
  if (object === 'Event') {
    const end = sfDateTime(new Date(Date.parse(a.occurredAt) + 30 * 60_000));
    const event = store.insertRow(
      store.mustTable('Event'),
      {
        WhoId: whoId,
        Subject: a.name ?? 'Meeting',
        StartDateTime: at,
        EndDateTime: end,
        ActivityDateTime: at,
        ActivityDate: at.slice(0, 10),
        DurationInMinutes: 30,
        EventSubtype: 'Event',
      },
      when,
    );
    relateOthers(store, 'Event', event['Id'] as string, a);
    return;
  }
  if (object === 'CampaignMember') {
    const campaignName = a.campaign ?? a.name ?? a.type;
    let campaignId = store.campaignByName.get(campaignName);
    if (!campaignId) {
      campaignId = store.insertRow(
        store.mustTable('Campaign'),
        {
          Name: campaignName.slice(0, 80),
          IsActive: true,
          Status: 'In Progress',
          Type: a.type === 'webinar' ? 'Webinar' : 'Other',
        },
        when,
      )['Id'] as string;
      store.campaignByName.set(campaignName, campaignId);
    }
    const isContact = whoId.startsWith('003');
    const members = store.mustTable('CampaignMember');
    const status = isResponse(a.type) ? 'Responded' : 'Sent';
    // One member per (campaign, person), as Salesforce enforces; a later response upgrades it.
    const memberKey = `${campaignId}|${whoId}`;
    const existing = memberIds.get(memberKey);
    if (existing) {
      const row = members.rows.get(existing);
      if (status === 'Responded' && row?.['Status'] !== 'Responded') {
        members.put({
          ...row,
          Status: status,
          HasResponded: true,
          FirstRespondedDate: at.slice(0, 10),
          SystemModstamp: at,
          LastModifiedDate: at,
        });
      }
      return;
    }
    const row = store.insertRow(
      members,
      { CampaignId: campaignId, [isContact ? 'ContactId' : 'LeadId']: whoId, Status: status },
      when,
    );
    memberIds.set(memberKey, row['Id'] as string);
    return;
  }
  const subtype = a.type === 'call' ? 'Call' : a.type.startsWith('email') ? 'Email' : 'Task';
  const task = store.insertRow(
    store.mustTable('Task'),
    {
      WhoId: whoId,
      Subject: a.name ?? (subtype === 'Task' ? a.type : subtype),
      TaskSubtype: subtype,
      ActivityDate: at.slice(0, 10),
      Status: 'Completed',
      Priority: 'Normal',
      CallType: a.type === 'call' ? 'Outbound' : null,
    },
    when,
  );
  relateOthers(store, 'Task', task['Id'] as string, a);
}

export function loadOpportunities(
  store: SalesforceStore,
  dataset: SandboxDataset,
  accountFor: (key: string | null | undefined, at: string) => string | null,
): void {
  const stages = store.valueSets.get('OpportunityStage') ?? [];
  const opportunities = store.mustTable('Opportunity');
  const roles = store.mustTable('OpportunityContactRole');
  const now = stamp(dataset.generatedAt);
  for (const o of dataset.opportunities) {
    if (!stages.some((s) => s.valueName === o.stageName)) {
      stages.push({
        valueName: o.stageName,
        label: o.stageName,
        default: false,
        active: true,
        closed: o.status !== 'open',
        won: o.status === 'won',
      });
    }
    const created = stamp(o.createdAt);
    const close = stamp(o.closeDate);
    const modified = o.status !== 'open' && close <= now && close > created ? close : created;
    const id = store.insertRow(
      opportunities,
      {
        Name: o.name,
        StageName: o.stageName,
        Amount: o.amount,
        CloseDate: close.slice(0, 10),
        OwnerId: o.ownerId,
        AccountId: accountFor(o.companyKey, created),
      },
      { createdAt: created, modifiedAt: modified },
    )['Id'] as string;
    let primary = true;
    for (const key of o.contactPersonKeys) {
      const contactId = store.contactByPersonKey.get(key);
      if (!contactId) continue;
      store.insertRow(
        roles,
        {
          OpportunityId: id,
          ContactId: contactId,
          IsPrimary: primary,
          Role: primary ? 'Decision Maker' : 'Influencer',
        },
        { createdAt: created, modifiedAt: created },
      );
      primary = false;
    }
  }
}
