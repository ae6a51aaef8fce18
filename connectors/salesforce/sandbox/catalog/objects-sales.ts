/**
 * Opportunity, contact roles, activities, campaigns and LeadStatus as the sandbox describes them
 * (object reference, API v62.0).
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
 */
import { KEY_PREFIX } from '../ids.ts';
import { F, ownerField, sobject, type SObjectDef } from './field-def.ts';

const RO = { createable: false, updateable: false };
const WHO = ['Contact', 'Lead'];
const WHAT = ['Account', 'Opportunity', 'Campaign'];

export function opportunityDef(): SObjectDef {
  return sobject(
    'Opportunity',
    'Opportunity',
    'Opportunities',
    KEY_PREFIX.Opportunity,
    [
      F.ref('AccountId', 'Account ID', ['Account'], 'Account'),
      F.ref('ContactId', 'Contact ID', ['Contact'], 'Contact'),
      F.text('Name', 'Name', 120, { nillable: false, nameField: true }),
      F.textarea('Description', 'Description', 32000),
      F.picklist('StageName', 'Stage', 'OpportunityStage', { nillable: false }),
      F.currency('Amount', 'Amount'),
      F.percent('Probability', 'Probability (%)'),
      F.date('CloseDate', 'Close Date', { nillable: false }),
      F.picklist('Type', 'Opportunity Type', 'OpportunityType'),
      F.picklist('LeadSource', 'Lead Source', 'LeadSource'),
      F.bool('IsClosed', 'Closed', RO),
      F.bool('IsWon', 'Won', RO),
      ownerField(),
    ],
    [
      {
        childSObject: 'OpportunityContactRole',
        field: 'OpportunityId',
        relationshipName: 'OpportunityContactRoles',
      },
    ],
  );
}

export function opportunityContactRoleDef(): SObjectDef {
  return sobject(
    'OpportunityContactRole',
    'Opportunity Contact Role',
    'Opportunity Contact Role',
    KEY_PREFIX.OpportunityContactRole,
    [
      F.ref('OpportunityId', 'Opportunity ID', ['Opportunity'], 'Opportunity', {
        nillable: false,
        updateable: false,
      }),
      F.ref('ContactId', 'Contact ID', ['Contact'], 'Contact', { nillable: false }),
      F.picklist('Role', 'Role', 'OpportunityContactRole'),
      F.bool('IsPrimary', 'Primary'),
    ],
  );
}

export function taskDef(): SObjectDef {
  return sobject(
    'Task',
    'Task',
    'Tasks',
    KEY_PREFIX.Task,
    [
      F.ref('WhoId', 'Name ID', WHO, 'Who'),
      F.ref('WhatId', 'Related To ID', WHAT, 'What'),
      F.custom('Subject', 'Subject', 'combobox', { length: 255, valueSet: 'TaskSubject' }),
      F.date('ActivityDate', 'Due Date Only'),
      F.picklist('Status', 'Status', 'TaskStatus', { nillable: false, defaultedOnCreate: true }),
      F.picklist('Priority', 'Priority', 'TaskPriority', { nillable: false, defaultedOnCreate: true }),
      F.bool('IsHighPriority', 'High Priority', RO),
      ownerField(),
      F.textarea('Description', 'Description', 32000),
      F.ref('AccountId', 'Account ID', ['Account'], 'Account', RO),
      F.bool('IsClosed', 'Closed', RO),
      F.int('CallDurationInSeconds', 'Call Duration'),
      F.picklist('CallType', 'Call Type', 'CallType'),
      F.text('CallDisposition', 'Call Result', 255),
      F.picklist('TaskSubtype', 'Task Subtype', 'TaskSubtype', { updateable: false }),
      F.datetime('CompletedDateTime', 'Completed Date/Time', RO),
    ],
    // Shared Activities' people of the Task; without the feature the relationship is not understood.
    [{ childSObject: 'TaskWhoRelation', field: 'TaskId', relationshipName: 'TaskWhoRelations' }],
  );
}

export function eventDef(): SObjectDef {
  return sobject(
    'Event',
    'Event',
    'Events',
    KEY_PREFIX.Event,
    [
      F.ref('WhoId', 'Name ID', WHO, 'Who'),
      F.ref('WhatId', 'Related To ID', WHAT, 'What'),
      F.custom('Subject', 'Subject', 'combobox', { length: 255, valueSet: 'EventSubject' }),
      F.text('Location', 'Location', 255),
      F.bool('IsAllDayEvent', 'All-Day Event'),
      F.datetime('ActivityDateTime', 'Due Date Time'),
      F.date('ActivityDate', 'Due Date Only'),
      F.int('DurationInMinutes', 'Duration'),
      F.datetime('StartDateTime', 'Start Date Time'),
      F.datetime('EndDateTime', 'End Date Time'),
      F.textarea('Description', 'Description', 32000),
      ownerField(),
      F.picklist('EventSubtype', 'Event Subtype', 'EventSubtype', { updateable: false }),
    ],
    [{ childSObject: 'EventWhoRelation', field: 'EventId', relationshipName: 'EventWhoRelations' }],
  );
}

export function campaignDef(): SObjectDef {
  return sobject(
    'Campaign',
    'Campaign',
    'Campaigns',
    KEY_PREFIX.Campaign,
    [
      F.text('Name', 'Name', 80, { nillable: false, nameField: true }),
      F.picklist('Type', 'Type', 'CampaignType'),
      F.picklist('Status', 'Status', 'CampaignStatus'),
      F.date('StartDate', 'Start Date'),
      F.date('EndDate', 'End Date'),
      F.bool('IsActive', 'Active'),
      F.int('NumberOfLeads', 'Leads in Campaign', RO),
      F.int('NumberOfContacts', 'Contacts in Campaign', RO),
      F.int('NumberOfResponses', 'Responses in Campaign', RO),
      ownerField(),
    ],
    [{ childSObject: 'CampaignMember', field: 'CampaignId', relationshipName: 'CampaignMembers' }],
  );
}

export function campaignMemberDef(): SObjectDef {
  return sobject('CampaignMember', 'Campaign Member', 'Campaign Members', KEY_PREFIX.CampaignMember, [
    F.ref('CampaignId', 'Campaign ID', ['Campaign'], 'Campaign', { nillable: false, updateable: false }),
    F.ref('LeadId', 'Lead ID', ['Lead'], 'Lead', { updateable: false }),
    F.ref('ContactId', 'Contact ID', ['Contact'], 'Contact', { updateable: false }),
    F.picklist('Status', 'Status', 'CampaignMemberStatus', { length: 40, defaultedOnCreate: true }),
    F.bool('HasResponded', 'Responded', RO),
    F.date('FirstRespondedDate', 'First Responded Date', RO),
    F.ref('LeadOrContactId', 'Lead or Contact ID', ['Contact', 'Lead'], 'LeadOrContact', RO),
    F.text('Type', 'Type', 40, RO),
    F.email('Email', 'Email', RO),
  ]);
}

export function leadStatusDef(): SObjectDef {
  return sobject(
    'LeadStatus',
    'Lead Status Value',
    'Lead Status Value',
    KEY_PREFIX.LeadStatus,
    [
      F.text('MasterLabel', 'Master Label', 255, { ...RO, nillable: false }),
      F.text('ApiName', 'Api Name', 255, { ...RO, nillable: false }),
      F.int('SortOrder', 'Sort Order', RO),
      F.bool('IsDefault', 'Is Default', RO),
      F.bool('IsConverted', 'Is Converted', RO),
    ],
    [],
    { createable: false, updateable: false, deletable: false },
  );
}
