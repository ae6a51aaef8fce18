/**
 * Lead, Contact, Account and User as the sandbox describes them: the fields leadloop reads and writes,
 * with Salesforce's standard labels, types and lengths (object reference, API v62.0).
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm
 */
import { KEY_PREFIX } from '../ids.ts';
import { F, ownerField, sobject, type SObjectDef } from './field-def.ts';

const RO = { createable: false, updateable: false };

export function leadDef(): SObjectDef {
  return sobject(
    'Lead',
    'Lead',
    'Leads',
    KEY_PREFIX.Lead,
    [
      F.ref('MasterRecordId', 'Master Record ID', ['Lead'], 'MasterRecord', RO),
      F.text('LastName', 'Last Name', 80, { nillable: false }),
      F.text('FirstName', 'First Name', 40),
      F.picklist('Salutation', 'Salutation', 'Salutation'),
      F.text('Name', 'Full Name', 121, { ...RO, nillable: false, nameField: true }),
      F.text('Title', 'Title', 128),
      F.text('Company', 'Company', 255, { nillable: false }),
      F.textarea('Street', 'Street', 255),
      F.text('City', 'City', 40),
      F.text('State', 'State/Province', 80),
      F.text('PostalCode', 'Zip/Postal Code', 20),
      F.text('Country', 'Country', 80),
      F.phone('Phone', 'Phone'),
      F.phone('MobilePhone', 'Mobile Phone'),
      F.email('Email', 'Email'),
      F.url('Website', 'Website'),
      F.textarea('Description', 'Description', 32000),
      F.picklist('LeadSource', 'Lead Source', 'LeadSource'),
      F.picklist('Status', 'Lead Status', 'LeadStatus', { nillable: false, defaultedOnCreate: true }),
      F.picklist('Industry', 'Industry', 'Industry'),
      F.picklist('Rating', 'Rating', 'AccountRating'),
      F.currency('AnnualRevenue', 'Annual Revenue', { precision: 18, scale: 0 }),
      F.int('NumberOfEmployees', 'Employees', { digits: 8 }),
      ownerField(),
      F.bool('HasOptedOutOfEmail', 'Email Opt Out'),
      F.bool('DoNotCall', 'Do Not Call'),
      F.bool('IsConverted', 'Converted', { updateable: false }),
      F.date('ConvertedDate', 'Converted Date', RO),
      F.ref('ConvertedAccountId', 'Converted Account ID', ['Account'], 'ConvertedAccount', RO),
      F.ref('ConvertedContactId', 'Converted Contact ID', ['Contact'], 'ConvertedContact', RO),
      F.ref(
        'ConvertedOpportunityId',
        'Converted Opportunity ID',
        ['Opportunity'],
        'ConvertedOpportunity',
        RO,
      ),
      F.bool('IsUnreadByOwner', 'Unread By Owner'),
      F.date('LastActivityDate', 'Last Activity', RO),
      F.text('EmailBouncedReason', 'Email Bounced Reason', 255),
      F.datetime('EmailBouncedDate', 'Email Bounced Date'),
    ],
    [
      { childSObject: 'Task', field: 'WhoId', relationshipName: 'Tasks' },
      { childSObject: 'Event', field: 'WhoId', relationshipName: 'Events' },
      { childSObject: 'CampaignMember', field: 'LeadId', relationshipName: 'CampaignMembers' },
    ],
  );
}

export function contactDef(): SObjectDef {
  return sobject(
    'Contact',
    'Contact',
    'Contacts',
    KEY_PREFIX.Contact,
    [
      F.ref('MasterRecordId', 'Master Record ID', ['Contact'], 'MasterRecord', RO),
      F.ref('AccountId', 'Account ID', ['Account'], 'Account'),
      F.text('LastName', 'Last Name', 80, { nillable: false }),
      F.text('FirstName', 'First Name', 40),
      F.picklist('Salutation', 'Salutation', 'Salutation'),
      F.text('Name', 'Full Name', 121, { ...RO, nillable: false, nameField: true }),
      F.textarea('MailingStreet', 'Mailing Street', 255),
      F.text('MailingCity', 'Mailing City', 40),
      F.text('MailingCountry', 'Mailing Country', 80),
      F.phone('Phone', 'Business Phone'),
      F.phone('MobilePhone', 'Mobile Phone'),
      F.email('Email', 'Email'),
      F.text('Title', 'Title', 128),
      F.text('Department', 'Department', 80),
      F.picklist('LeadSource', 'Lead Source', 'LeadSource'),
      F.textarea('Description', 'Contact Description', 32000),
      ownerField(),
      F.bool('HasOptedOutOfEmail', 'Email Opt Out'),
      F.bool('DoNotCall', 'Do Not Call'),
      F.bool('IsEmailBounced', 'Is Email Bounced', RO),
      F.text('EmailBouncedReason', 'Email Bounced Reason', 255),
      F.datetime('EmailBouncedDate', 'Email Bounced Date'),
      F.date('LastActivityDate', 'Last Activity', RO),
    ],
    [
      { childSObject: 'Task', field: 'WhoId', relationshipName: 'Tasks' },
      { childSObject: 'Event', field: 'WhoId', relationshipName: 'Events' },
      { childSObject: 'CampaignMember', field: 'ContactId', relationshipName: 'CampaignMembers' },
      {
        childSObject: 'OpportunityContactRole',
        field: 'ContactId',
        relationshipName: 'OpportunityContactRoles',
      },
    ],
  );
}

export function accountDef(): SObjectDef {
  return sobject(
    'Account',
    'Account',
    'Accounts',
    KEY_PREFIX.Account,
    [
      F.text('Name', 'Account Name', 255, { nillable: false, nameField: true }),
      F.picklist('Type', 'Account Type', 'AccountType'),
      F.picklist('Industry', 'Industry', 'Industry'),
      F.currency('AnnualRevenue', 'Annual Revenue', { precision: 18, scale: 0 }),
      F.int('NumberOfEmployees', 'Employees', { digits: 8 }),
      F.url('Website', 'Website'),
      F.phone('Phone', 'Account Phone'),
      F.text('BillingCountry', 'Billing Country', 80),
      F.textarea('Description', 'Account Description', 32000),
      ownerField(),
    ],
    [
      { childSObject: 'Contact', field: 'AccountId', relationshipName: 'Contacts' },
      { childSObject: 'Opportunity', field: 'AccountId', relationshipName: 'Opportunities' },
    ],
  );
}

export function userDef(): SObjectDef {
  return sobject(
    'User',
    'User',
    'Users',
    KEY_PREFIX.User,
    [
      F.text('Username', 'Username', 80, { nillable: false, unique: true }),
      F.text('LastName', 'Last Name', 80, { nillable: false }),
      F.text('FirstName', 'First Name', 40),
      F.text('Name', 'Full Name', 121, { ...RO, nillable: false, nameField: true }),
      F.email('Email', 'Email', { nillable: false }),
      F.text('Alias', 'Alias', 8, { nillable: false }),
      F.text('Title', 'Title', 80),
      F.bool('IsActive', 'Active', { defaultValue: true }),
      F.ref('ManagerId', 'Manager ID', ['User'], 'Manager'),
      F.picklist('UserType', 'User Type', 'UserType', {
        nillable: false,
        defaultedOnCreate: true,
        updateable: false,
        createable: false,
      }),
    ],
    [],
    { deletable: false },
  );
}
