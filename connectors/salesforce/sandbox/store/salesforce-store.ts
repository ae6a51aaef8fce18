/**
 * In-process helpers over the sandbox org, for tests, the demo and standalone mutation endpoints: what a
 * sales rep or admin would do by hand in Salesforce (work a lead, convert it, open and close deals, log
 * activities, rename a label). Every change bumps SystemModstamp/LastModifiedDate like the real org.
 */
import { LeadloopError } from '../../../../src/lib/errors.ts';
import type { SfValue } from '../catalog/field-def.ts';
import { mergeRecords, type MergeResult } from './merge-records.ts';
import { SalesforceStoreCore, type StoreCoreOptions } from './store-core.ts';
import type { Row, SObjectTable } from './table.ts';
import { relateWho, unrelateWho } from './who-relations.ts';

export interface ConvertLeadOptions {
  /** Merge into this existing Account / Contact instead of creating new ones. */
  accountId?: string;
  contactId?: string;
  /** Create an Opportunity too (its name defaults to the company's). */
  opportunity?: { name?: string; stageName?: string; amount?: number | null; closeDate?: string };
  /** Defaults to the LeadStatus entry marked converted ('Closed - Converted'). */
  convertedStatus?: string;
}

export interface ConvertLeadResult {
  contactId: string;
  accountId: string;
  opportunityId: string | null;
}

export interface NewOpportunity {
  contactIds: readonly string[];
  stageName: string;
  amount: number | null;
  name?: string;
  accountId?: string | null;
  closeDate?: string;
}

export class SalesforceStore extends SalesforceStoreCore {
  /** Dataset person key → Lead / Contact id, and company key → Account id. */
  readonly leadByPersonKey = new Map<string, string>();
  readonly contactByPersonKey = new Map<string, string>();
  readonly accountByCompanyKey = new Map<string, string>();
  readonly campaignByName = new Map<string, string>();

  constructor(options: StoreCoreOptions) {
    super(options);
  }

  get(sobject: string, id: string): Row | undefined {
    return this.mustTable(sobject).rows.get(id);
  }

  create(sobject: string, fields: Record<string, SfValue>): string {
    const table = this.mustTable(sobject);
    return this.insertRow(table, this.canonical(table, fields))['Id'] as string;
  }

  update(sobject: string, id: string, fields: Record<string, SfValue>): Row {
    const table = this.mustTable(sobject);
    return this.patchRow(table, this.mustExist(table, id), this.canonical(table, fields));
  }

  delete(sobject: string, id: string): void {
    const table = this.mustTable(sobject);
    this.softDelete(table, this.mustExist(table, id));
  }

  /**
   * Merges one or two records into `masterId`, as an admin merging duplicates does (merge-records.ts):
   * the others are deleted with `MasterRecordId` set, their activities move to the master.
   */
  merge(
    sobject: string,
    masterId: string,
    mergeIds: readonly string[],
    masterFields: Record<string, SfValue> = {},
  ): MergeResult {
    const table = this.mustTable(sobject);
    return this.asOneCommit(() =>
      mergeRecords(this, sobject, masterId, mergeIds, this.canonical(table, masterFields)),
    );
  }

  /** Relates one more Contact to a Task or Event (Shared Activities), as a rep adding it does. */
  relateWho(sobject: 'Task' | 'Event', activityId: string, contactId: string): void {
    relateWho(this, sobject, activityId, contactId);
  }

  /** Takes a Contact off a Task or Event; the relation row is deleted for good (`who-relations.ts`). */
  unrelateWho(
    sobject: 'Task' | 'Event',
    activityId: string,
    contactId: string,
    options: { throughActivity?: boolean } = {},
  ): void {
    unrelateWho(this, sobject, activityId, contactId, options);
  }

  count(sobject: string): number {
    let n = 0;
    for (const row of this.mustTable(sobject).rows.values()) if (row['IsDeleted'] !== true) n++;
    return n;
  }

  setLeadStatus(leadId: string, status: string): Row {
    return this.update('Lead', leadId, { Status: status });
  }

  leadIdForPersonKey(key: string): string | undefined {
    return this.leadByPersonKey.get(key);
  }

  contactIdForPersonKey(key: string): string | undefined {
    return this.contactByPersonKey.get(key);
  }

  /** Simulates an admin renaming a field label by hand in Setup (standard or custom). */
  setFieldLabel(sobject: string, field: string, label: string): void {
    const def = this.mustTable(sobject).field(field);
    if (!def)
      throw new LeadloopError('SANDBOX_UNKNOWN_FIELD', `no field ${field} on ${sobject}`, { sobject, field });
    def.label = label;
    const custom = [...this.customFields.values()].find((c) => c.field === def);
    if (custom) custom.metadata = { ...custom.metadata, label };
  }

  /** Lead conversion as Salesforce does it: Account + Contact (+ Opportunity), Lead becomes read-only. */
  convertLead(leadId: string, options: ConvertLeadOptions = {}): ConvertLeadResult {
    return this.asOneCommit(() => this.convertLeadNow(leadId, options));
  }

  private convertLeadNow(leadId: string, options: ConvertLeadOptions): ConvertLeadResult {
    const leads = this.mustTable('Lead');
    const lead = leads.rows.get(this.mustExist(leads, leadId)) as Row;
    if (lead['IsConverted'] === true) {
      throw new LeadloopError('SANDBOX_ALREADY_CONVERTED', `Lead ${leadId} is already converted`, { leadId });
    }
    const accountId =
      options.accountId ??
      this.create('Account', {
        Name: lead['Company'] ?? '[not provided]',
        Industry: lead['Industry'] ?? null,
        NumberOfEmployees: lead['NumberOfEmployees'] ?? null,
        BillingCountry: lead['Country'] ?? null,
        OwnerId: lead['OwnerId'] ?? null,
      });
    const contactFields = {
      FirstName: lead['FirstName'] ?? null,
      LastName: lead['LastName'] ?? null,
      Email: lead['Email'] ?? null,
      Title: lead['Title'] ?? null,
      Phone: lead['Phone'] ?? null,
      LeadSource: lead['LeadSource'] ?? null,
      MailingCountry: lead['Country'] ?? null,
      HasOptedOutOfEmail: lead['HasOptedOutOfEmail'] ?? false,
      DoNotCall: lead['DoNotCall'] ?? false,
      OwnerId: lead['OwnerId'] ?? null,
      AccountId: accountId,
    };
    const contactId = options.contactId ?? this.create('Contact', contactFields);
    let opportunityId: string | null = null;
    if (options.opportunity) {
      opportunityId = this.createOpportunity({
        contactIds: [contactId],
        stageName: options.opportunity.stageName ?? 'Prospecting',
        amount: options.opportunity.amount ?? null,
        name: options.opportunity.name ?? `${String(lead['Company'] ?? lead['Name'])}-`,
        accountId,
        ...(options.opportunity.closeDate ? { closeDate: options.opportunity.closeDate } : {}),
      });
    }
    const status =
      options.convertedStatus ??
      this.valueSets.get('LeadStatus')?.find((v) => v.converted)?.valueName ??
      'Closed - Converted';
    this.patchRow(leads, leadId, {
      Status: status,
      IsConverted: true,
      ConvertedDate: this.now().slice(0, 10),
      ConvertedAccountId: accountId,
      ConvertedContactId: contactId,
      ConvertedOpportunityId: opportunityId,
    });
    return { contactId, accountId, opportunityId };
  }

  /** An Opportunity with a contact role for each contact (the first one primary). */
  createOpportunity(input: NewOpportunity): string {
    return this.asOneCommit(() => this.createOpportunityNow(input));
  }

  private createOpportunityNow(input: NewOpportunity): string {
    const firstContact = input.contactIds[0] ? this.get('Contact', input.contactIds[0]) : undefined;
    const opportunityId = this.create('Opportunity', {
      Name: input.name ?? 'New Opportunity',
      StageName: input.stageName,
      Amount: input.amount,
      CloseDate: input.closeDate ?? this.now().slice(0, 10),
      AccountId: input.accountId ?? (firstContact?.['AccountId'] as string | null | undefined) ?? null,
    });
    input.contactIds.forEach((contactId, i) => {
      this.create('OpportunityContactRole', {
        OpportunityId: opportunityId,
        ContactId: contactId,
        IsPrimary: i === 0,
      });
    });
    return opportunityId;
  }

  setOpportunityStage(id: string, stageName: string): Row {
    return this.update('Opportunity', id, { StageName: stageName });
  }

  addTask(input: {
    whoId: string;
    subject: string;
    taskSubtype?: 'Task' | 'Email' | 'Call';
    activityDate?: string;
    status?: string;
  }): string {
    return this.create('Task', {
      WhoId: input.whoId,
      Subject: input.subject,
      TaskSubtype: input.taskSubtype ?? 'Task',
      ActivityDate: input.activityDate ?? this.now().slice(0, 10),
      Status: input.status ?? 'Completed',
    });
  }

  addEvent(input: {
    whoId: string;
    subject: string;
    startDateTime?: string;
    durationMinutes?: number;
  }): string {
    const start = input.startDateTime ?? this.now();
    const minutes = input.durationMinutes ?? 30;
    const end = new Date(Date.parse(start.replace('+0000', 'Z')) + minutes * 60_000)
      .toISOString()
      .replace('Z', '+0000');
    return this.create('Event', {
      WhoId: input.whoId,
      Subject: input.subject,
      StartDateTime: start,
      EndDateTime: end,
      ActivityDateTime: start,
      ActivityDate: start.slice(0, 10),
      DurationInMinutes: minutes,
    });
  }

  /** Adds a Lead or Contact to a campaign (created by name when it does not exist yet). */
  addCampaignMember(input: {
    campaignId?: string;
    campaignName?: string;
    leadId?: string;
    contactId?: string;
    status?: string;
    hasResponded?: boolean;
  }): string {
    const campaignId = input.campaignId ?? this.campaignIdFor(input.campaignName ?? 'Sandbox Campaign');
    return this.create('CampaignMember', {
      CampaignId: campaignId,
      LeadId: input.leadId ?? null,
      ContactId: input.contactId ?? null,
      Status: input.status ?? (input.hasResponded ? 'Responded' : 'Sent'),
    });
  }

  campaignIdFor(name: string): string {
    const existing = this.campaignByName.get(name);
    if (existing) return existing;
    const id = this.create('Campaign', { Name: name, IsActive: true, Status: 'In Progress' });
    this.campaignByName.set(name, id);
    return id;
  }

  private mustExist(table: SObjectTable, id: string): string {
    if (!table.rows.has(id)) {
      throw new LeadloopError('SANDBOX_NOT_FOUND', `no ${table.def.name} with id ${id}`, {
        sobject: table.def.name,
        id,
      });
    }
    return id;
  }

  /** Field names in their API spelling; unknown names are a caller bug, so they throw. */
  private canonical(table: SObjectTable, fields: Record<string, SfValue>): Record<string, SfValue> {
    const out: Record<string, SfValue> = {};
    for (const [name, value] of Object.entries(fields)) {
      const def = table.field(name);
      if (!def)
        throw new LeadloopError('SANDBOX_UNKNOWN_FIELD', `no field ${name} on ${table.def.name}`, {
          field: name,
        });
      out[def.name] = value;
    }
    return out;
  }
}
