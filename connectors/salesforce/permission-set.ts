/**
 * `grantFieldAccess`: custom fields created through Tooling are hidden from the integration user by
 * field-level security, so provisioning keeps a "leadloop Integration" permission set with read and edit
 * on every leadloop field and assigns it to that user. Idempotent: rows that already grant are left alone.
 * On a fresh org the whole grant is one `/composite` call (`firstCall`); an existing set costs one more
 * call only when something is missing from it.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_fieldpermissions.htm
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionsetassignment.htm
 */
import { SyncError } from '../../src/lib/errors.ts';
import { COLLECTION_SIZE, COLLECTIONS_PER_COMPOSITE } from './collections.ts';
import {
  compositeCall,
  ok,
  queryPath,
  subrequestError,
  type CompositeAnswer,
  type CompositeSub,
} from './composite-call.ts';
import { MAX_COMPOSITE_QUERIES } from './composite-query.ts';
import type { SalesforceClient } from './connection.ts';
import { SfQueryResult, SfSaveResult } from './schemas.ts';
import { soqlIdentifier } from './soql.ts';
import { parseAnswer } from './parse-answer.ts';

export const PERMISSION_SET_NAME = 'Leadloop_Integration';
const PERMISSION_SET_LABEL = 'leadloop Integration';
const DESCRIPTION = 'Read and edit on the fields leadloop provisions; managed by leadloop.';

/** One field to grant: `Lead` + `Leadloop_Score__c`. */
export interface FieldRef {
  readonly object: string;
  readonly field: string;
}

/** FieldPermissions rows to create or widen so every field has read and edit (pure). */
export function missingGrants(
  setId: string,
  fields: readonly FieldRef[],
  existing: ReadonlyArray<Record<string, unknown>>,
): { creates: Record<string, unknown>[]; updates: Record<string, unknown>[] } {
  const byField = new Map(existing.map((r) => [String(r['Field']).toLowerCase(), r]));
  const creates: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const { object, field } of fields) {
    const name = `${soqlIdentifier(object)}.${soqlIdentifier(field)}`;
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const row = byField.get(name.toLowerCase());
    const grant = { attributes: { type: 'FieldPermissions' }, PermissionsRead: true, PermissionsEdit: true };
    if (!row) creates.push({ ...grant, ParentId: setId, SobjectType: object, Field: name });
    else if (row['PermissionsRead'] !== true || row['PermissionsEdit'] !== true)
      updates.push({ ...grant, Id: row['Id'] });
  }
  return { creates, updates };
}

/**
 * What the admin must give the integration user for provisioning to grant itself access: editing permission
 * sets needs "Manage Profiles and Permission Sets", assigning one needs "Assign Permission Sets".
 * https://help.salesforce.com/s/articleView?id=sf.perm_sets_assigning.htm
 */
export const PERMISSION_SET_RIGHTS = 'Manage Profiles and Permission Sets and Assign Permission Sets';

export async function grantFieldAccess(client: SalesforceClient, fields: readonly FieldRef[]): Promise<void> {
  if (fields.length === 0) return;
  try {
    await grant(client, fields);
  } catch (err) {
    if (err instanceof SyncError && err.code.startsWith('INSUFFICIENT_ACCESS')) {
      throw new SyncError(
        'config',
        'SF_PERMISSION_SET_DENIED',
        `Salesforce refused to set up the "${PERMISSION_SET_LABEL}" permission set that lets leadloop read its own fields: ` +
          `give the integration user the ${PERMISSION_SET_RIGHTS} permissions (Setup > Users > its profile or a permission set), ` +
          `or assign that permission set to it by hand`,
        { permissionSet: PERMISSION_SET_NAME, refused: err.code },
        { cause: err },
      );
    }
    throw err;
  }
}

/** The set's id, the integration user's id, the set's FieldPermissions rows and whether it is assigned. */
interface SetState {
  readonly setId: string;
  readonly userId: string;
  readonly perms: ReadonlyArray<Record<string, unknown>>;
  readonly assigned: boolean;
}

const SET = 'set';
const at = (ref: string, path: string): string => `@{${ref}.${path}}`;

/** Three queries reading the set, its grants and its assignment to the set's creator: leadloop's user. */
function stateQueries(): CompositeSub[] {
  const setId = at(SET, 'records[0].Id');
  const userId = at(SET, 'records[0].CreatedById');
  return [
    {
      referenceId: SET,
      method: 'GET',
      path: queryPath(`SELECT Id, CreatedById FROM PermissionSet WHERE Name = '${PERMISSION_SET_NAME}'`),
    },
    {
      referenceId: 'perms',
      method: 'GET',
      path: queryPath(
        `SELECT Id, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE ParentId = '${setId}'`,
      ),
    },
    {
      referenceId: 'assigned',
      method: 'GET',
      path: queryPath(
        `SELECT Id FROM PermissionSetAssignment WHERE PermissionSetId = '${setId}' AND AssigneeId = '${userId}'`,
      ),
    },
  ];
}

const records = (answer: CompositeAnswer | undefined, what: string): Array<Record<string, unknown>> =>
  ok(answer) ? parseAnswer(SfQueryResult, answer.body, what).records : [];

function stateOf(answers: Map<string, CompositeAnswer>, createError: SyncError | undefined): SetState {
  const [row] = records(answers.get(SET), 'the permission set query');
  const setId = row?.['Id'];
  const userId = row?.['CreatedById'];
  if (typeof setId !== 'string' || typeof userId !== 'string') {
    // No set after the create was tried: the create's refusal (e.g. missing rights) is the reason.
    if (createError) throw createError;
    throw new SyncError(
      'config',
      'SF_PERMISSION_SET_UNREADABLE',
      'Salesforce answered no permission set row',
      {
        permissionSet: PERMISSION_SET_NAME,
      },
    );
  }
  for (const ref of ['perms', 'assigned'])
    if (!ok(answers.get(ref)))
      throw subrequestError(answers.get(ref), { permissionSet: PERMISSION_SET_NAME });
  return {
    setId,
    userId,
    perms: records(answers.get('perms'), 'the field permissions query'),
    assigned: records(answers.get('assigned'), 'the assignment query').length > 0,
  };
}

/** Throws the first refusal among sObject Collections results and single creates. */
function assertSaved(
  answers: Map<string, CompositeAnswer>,
  sent: ReadonlyMap<string, readonly Record<string, unknown>[]>,
): void {
  for (const [ref, rows] of sent) {
    const answer = answers.get(ref);
    if (!ok(answer)) throw subrequestError(answer, { permissionSet: PERMISSION_SET_NAME, subrequest: ref });
    const results = Array.isArray(answer.body)
      ? parseAnswer(SfSaveResult.array(), answer.body, `${ref} of the permission set grant`)
      : [parseAnswer(SfSaveResult, answer.body, `${ref} of the permission set grant`)];
    results.forEach((r, j) => {
      if (r.success) return;
      const field = String(rows[j]?.['Field'] ?? rows[j]?.['Id'] ?? ref);
      const first = r.errors?.[0];
      throw new SyncError(
        'config',
        first?.statusCode ?? first?.errorCode ?? 'SF_FIELD_PERMISSION_REFUSED',
        `Salesforce refused field access for ${field} in permission set ${PERMISSION_SET_NAME}: ${first?.message ?? 'no reason given'}`,
        { field, permissionSet: PERMISSION_SET_NAME },
      );
    });
  }
}

/** At most this many collections ride with the set's create: with the three state queries, 5 heavy ones. */
const COLLECTIONS_WITH_CREATE = MAX_COMPOSITE_QUERIES - 3;

/**
 * One `/composite` call that, on an org without leadloop's set, does the whole grant: creates the set, reads
 * its creator (the session's user), creates the field grants and the assignment, all by reference to the
 * new set, then reads the state. Where the set exists its unique `Name` refuses the create, the subrequests
 * referring to it fail with it, and the state queries say what is left to grant.
 */
function firstCall(grants: readonly Record<string, unknown>[]): {
  subs: CompositeSub[];
  sent: Map<string, Record<string, unknown>[]>;
} {
  const setId = at('ps', 'id');
  const subs: CompositeSub[] = [
    {
      referenceId: 'ps',
      method: 'POST',
      path: '/sobjects/PermissionSet',
      body: { Name: PERMISSION_SET_NAME, Label: PERMISSION_SET_LABEL, Description: DESCRIPTION },
    },
    { referenceId: 'who', method: 'GET', path: `/sobjects/PermissionSet/${setId}?fields=CreatedById` },
  ];
  const sent = new Map<string, Record<string, unknown>[]>();
  for (let i = 0; i < COLLECTIONS_WITH_CREATE && i * COLLECTION_SIZE < grants.length; i++) {
    const chunk = grants
      .slice(i * COLLECTION_SIZE, (i + 1) * COLLECTION_SIZE)
      .map((g) => ({ ...g, ParentId: setId }));
    subs.push({
      referenceId: `grant${i}`,
      method: 'POST',
      path: '/composite/sobjects',
      body: { allOrNone: false, records: chunk },
    });
    sent.set(`grant${i}`, chunk);
  }
  const assignment = { AssigneeId: at('who', 'CreatedById'), PermissionSetId: setId };
  subs.push({
    referenceId: 'assign',
    method: 'POST',
    path: '/sobjects/PermissionSetAssignment',
    body: assignment,
  });
  sent.set('assign', [assignment]);
  return { subs: [...subs, ...stateQueries()], sent };
}

/** What the state lacks, in `/composite` calls of at most 5 collections (and the assignment). */
function repairCalls(
  state: SetState,
  fields: readonly FieldRef[],
): { subs: CompositeSub[]; sent: Map<string, Record<string, unknown>[]> }[] {
  const { creates, updates } = missingGrants(state.setId, fields, state.perms);
  const collections: { method: 'POST' | 'PATCH'; rows: Record<string, unknown>[] }[] = [];
  for (const [method, rows] of [
    ['POST', creates],
    ['PATCH', updates],
  ] as const)
    for (let i = 0; i < rows.length; i += COLLECTION_SIZE)
      collections.push({ method, rows: rows.slice(i, i + COLLECTION_SIZE) });
  const calls: { subs: CompositeSub[]; sent: Map<string, Record<string, unknown>[]> }[] = [];
  for (let i = 0; i < Math.max(collections.length, state.assigned ? 0 : 1); i += COLLECTIONS_PER_COMPOSITE) {
    const subs: CompositeSub[] = [];
    const sent = new Map<string, Record<string, unknown>[]>();
    collections.slice(i, i + COLLECTIONS_PER_COMPOSITE).forEach((c, j) => {
      subs.push({
        referenceId: `fix${j}`,
        method: c.method,
        path: '/composite/sobjects',
        body: { allOrNone: false, records: c.rows },
      });
      sent.set(`fix${j}`, c.rows);
    });
    if (i === 0 && !state.assigned) {
      const assignment = { AssigneeId: state.userId, PermissionSetId: state.setId };
      subs.push({
        referenceId: 'assign',
        method: 'POST',
        path: '/sobjects/PermissionSetAssignment',
        body: assignment,
      });
      sent.set('assign', [assignment]);
    }
    calls.push({ subs, sent });
  }
  return calls;
}

async function grant(client: SalesforceClient, fields: readonly FieldRef[]): Promise<void> {
  const first = firstCall(missingGrants(at('ps', 'id'), fields, []).creates);
  const answers = await compositeCall(client, first.subs, {
    idempotent: false,
    what: 'permission set grant',
  });
  const created = ok(answers.get('ps'));
  // A new set took its grants in this call: their refusals are real. An existing set's were never sent.
  if (created) assertSaved(answers, first.sent);
  const state = stateOf(
    answers,
    created ? undefined : subrequestError(answers.get('ps'), { permissionSet: PERMISSION_SET_NAME }),
  );
  for (const call of repairCalls(state, fields)) {
    const fixed = await compositeCall(client, call.subs, { idempotent: false, what: 'permission set grant' });
    assertSaved(fixed, call.sent);
  }
}
