/**
 * A mapped Salesforce custom field the admin took off the integration user (field-level security): the
 * run syncs everything else, skips that field and names it with the fix in status; once a permission
 * set grants it, the next run is clean and writes the values held back.
 */
import { describe, expect, it } from 'vitest';
import type { LeadloopConfig } from '../../src/config/schema.ts';
import { SyncError } from '../../src/lib/errors.ts';
import { hiddenFieldsOfLastRun, formatHiddenField } from '../../src/health/hidden-fields.ts';
import { createSyncPhases } from '../../src/sync/phases.ts';
import { prepareRun } from '../../src/sync/prepare.ts';
import { findRun } from '../../src/sync/run-stats.ts';
import { worldsPerTest, writeCounters } from './engine-world.ts';

const TIMEOUT = 90_000;
const open = worldsPerTest();
const FIELD = 'Preferred_Language__c';

const withLanguage = (config: LeadloopConfig): LeadloopConfig => ({
  ...config,
  fieldMappings: [
    ...config.fieldMappings,
    {
      hubspot: 'preferred_language',
      salesforce: { lead: FIELD, contact: FIELD },
      rule: 'always-hubspot',
      direction: 'to-salesforce',
    },
  ] as LeadloopConfig['fieldMappings'],
});

describe('a mapped Salesforce field hidden by field-level security', () => {
  it(
    'a targeted run (a webhook’s records job) records the hidden field and its held-back writes as a full run does',
    async () => {
      const w = await open({
        configure: withLanguage,
        salesforce: { flows: false, restrictedFields: [`Lead.${FIELD}`] },
      });
      const [person] = w.people('HL-');
      if (!person) throw new Error('world has no HL- person');
      expect((await w.run('full')).status).toBe('succeeded');
      w.sb.hubspot.store.updateContact(w.hubspotId(person), { preferred_language: 'yy' });

      const runId = 'records-hidden-field';
      await createSyncPhases(w.rt).syncRecords({
        runId,
        refs: [{ crm: 'hubspot', object: 'contact', id: w.hubspotId(person) }],
      });
      const run = await findRun(w.rt.store, runId);
      expect(run).toMatchObject({ kind: 'records', status: 'succeeded' });
      expect(run?.stats[`hiddenField.salesforce.lead.${FIELD}`]).toBe(1);
      expect(run?.stats[`heldBack.salesforce.lead.${FIELD}`]).toBe(1);
      // Status reads the newest run: the targeted run still names the field.
      expect(hiddenFieldsOfLastRun(await w.rt.store.listRuns(5))).toEqual([
        { object: 'lead', field: FIELD, reason: 'mapped', heldBack: 1 },
      ]);
    },
    TIMEOUT,
  );

  it(
    'is skipped and named in status while hidden; granted, the next run writes the held-back values',
    async () => {
      const w = await open({
        configure: withLanguage,
        salesforce: { flows: false, restrictedFields: [`Lead.${FIELD}`] },
      });
      const people = w.people('HL-').slice(0, 5);
      expect(people.length).toBe(5);
      for (const p of people) w.sb.hubspot.store.updateContact(w.hubspotId(p), { preferred_language: 'xx' });
      const leadValue = () => people.map((p) => w.salesforce('Lead', w.leadId(p))[FIELD]);

      const first = await w.run('full');
      expect(first.status).toBe('succeeded');
      expect(first.counters[`hiddenField.salesforce.lead.${FIELD}`]).toBe(1);
      const written = writeCounters(first);
      expect(written[`writes.salesforce.${FIELD}`]).toBeUndefined();
      expect(written['writes.salesforce.Leadloop_Score__c'] ?? 0).toBeGreaterThan(0);
      expect(leadValue()).not.toContain('xx');
      const hidden = hiddenFieldsOfLastRun(await w.rt.store.listRuns(5));
      // Each of the five would have had 'xx' written: the plan against every mapping counts them.
      const held = first.counters[`heldBack.salesforce.lead.${FIELD}`] ?? 0;
      expect(held).toBeGreaterThanOrEqual(5);
      expect(hidden).toEqual([{ object: 'lead', field: FIELD, reason: 'mapped', heldBack: held }]);
      expect(hidden.map(formatHiddenField)).toEqual([
        `Salesforce field Lead.${FIELD} exists but is hidden from the integration user (field-level security): grant read/edit on Lead.${FIELD} to the integration user's permission set (Setup > Permission Sets > Object Settings); until then this field is skipped (the last run held back ${held} writes to it)`,
      ]);

      // The admin's fix, on the sandbox's own permission objects.
      const store = w.sb.salesforce.store;
      const set = store.create('PermissionSet', { Name: 'Language_Access', Label: 'Language access' });
      store.create('FieldPermissions', {
        ParentId: set,
        SobjectType: 'Lead',
        Field: `Lead.${FIELD}`,
        PermissionsRead: true,
        PermissionsEdit: true,
      });
      store.create('PermissionSetAssignment', { AssigneeId: store.integrationUserId, PermissionSetId: set });

      const second = await w.run('incremental');
      expect(second.status).toBe('succeeded');
      expect(second.counters[`hiddenField.salesforce.lead.${FIELD}`]).toBeUndefined();
      expect(leadValue()).toEqual(people.map(() => 'xx'));
      expect(hiddenFieldsOfLastRun(await w.rt.store.listRuns(5))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "leadloop's own field hidden: not created again; the next run grants its permission set the field again and writes it",
    async () => {
      const w = await open({ salesforce: { flows: false } });
      const SCORE = 'Leadloop_Score__c';
      const first = await w.run('full');
      expect(first.status).toBe('succeeded');

      // What a run SIGKILLed between creating the fields and granting them leaves (or an admin's revoke).
      const store = w.sb.salesforce.store;
      const grants = () =>
        [...store.mustTable('FieldPermissions').rows.values()].filter(
          (r) => r['Field'] === `Lead.${SCORE}` && r['IsDeleted'] !== true,
        );
      expect(grants().length).toBeGreaterThan(0);
      for (const r of grants()) store.delete('FieldPermissions', String(r['Id']));

      const prepared = await prepareRun(w.rt, { dryRun: true, kind: 'full' });
      expect(prepared.provisioned).toEqual([]);
      expect(prepared.hiddenFields).toEqual([{ object: 'lead', field: SCORE, reason: 'own' }]);

      const second = await w.run('full');
      expect(second.status).toBe('succeeded');
      expect(grants().map((r) => [r['PermissionsRead'], r['PermissionsEdit']])).toEqual([[true, true]]);
      expect(second.counters[`hiddenOwnField.salesforce.lead.${SCORE}`]).toBeUndefined();
      expect(second.counters[`heldBack.salesforce.lead.${SCORE}`]).toBeUndefined();
      expect(hiddenFieldsOfLastRun(await w.rt.store.listRuns(5))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "leadloop's own field hidden and the grant refused: its writes held back, the rest of each record written",
    async () => {
      const w = await open({ salesforce: { flows: false } });
      const SCORE = 'Leadloop_Score__c';
      const first = await w.run('full');
      expect(first.status).toBe('succeeded');

      const store = w.sb.salesforce.store;
      const grants = [...store.mustTable('FieldPermissions').rows.values()].filter(
        (r) => r['Field'] === `Lead.${SCORE}` && r['IsDeleted'] !== true,
      );
      for (const r of grants) store.delete('FieldPermissions', String(r['Id']));
      // An integration user without "Manage Profiles and Permission Sets".
      Object.assign(w.rt.connectors.salesforce, {
        grantOwnFieldAccess: () =>
          Promise.reject(new SyncError('config', 'SF_PERMISSION_SET_DENIED', 'insufficient access rights')),
      });

      const second = await w.run('full');
      expect(second.status).toBe('succeeded');
      expect(second.counters[`hiddenOwnField.salesforce.lead.${SCORE}`]).toBe(1);
      // Every lead the run scored would have had its (absent, so differing) score written.
      expect(second.counters[`heldBack.salesforce.lead.${SCORE}`] ?? 0).toBeGreaterThan(0);
      expect(second.counters.writesFailedPermanently ?? 0).toBe(0);
      expect(second.counters.writesRetryable ?? 0).toBe(0);
      const [line] = hiddenFieldsOfLastRun(await w.rt.store.listRuns(5)).map(formatHiddenField);
      expect(line).toContain('leadloop labels apply');
    },
    TIMEOUT,
  );

  it(
    'a refused Tooling probe does not fail the run: the field is skipped as unverified and named',
    async () => {
      const w = await open({
        configure: withLanguage,
        salesforce: { flows: false, restrictedFields: [`Lead.${FIELD}`] },
      });
      // A user without "View Setup and Configuration" cannot query Tooling CustomField.
      Object.assign(w.rt.connectors.salesforce, {
        findHiddenFields: () =>
          Promise.reject(
            new SyncError('config', 'INSUFFICIENT_ACCESS', 'insufficient access rights on object id'),
          ),
      });
      const run = await w.run('full');
      expect(run.status).toBe('succeeded');
      expect(run.counters[`unverifiedField.salesforce.lead.${FIELD}`]).toBe(1);
      expect(writeCounters(run)['writes.salesforce.Leadloop_Score__c'] ?? 0).toBeGreaterThan(0);
      expect(hiddenFieldsOfLastRun(await w.rt.store.listRuns(5))).toEqual([
        {
          object: 'lead',
          field: FIELD,
          reason: 'unverified',
          heldBack: run.counters[`heldBack.salesforce.lead.${FIELD}`],
        },
      ]);
    },
    TIMEOUT,
  );
});
