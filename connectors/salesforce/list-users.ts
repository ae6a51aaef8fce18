/**
 * `listUsers`: Salesforce Users (lead and contact owners), for SLA re-routing. Salesforce-only, so it is
 * an extra method on this connector rather than part of `CrmConnector`.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_user.htm
 */
import type { SalesforceClient } from './connection.ts';
import { queryPages } from './query-pages.ts';
import { SfUser } from './schemas.ts';

export interface SalesforceUser {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly active: boolean;
  /** `User.ManagerId`: whom an SLA escalation to the owner's manager reaches. */
  readonly managerId: string | null;
}

export async function listUsers(client: SalesforceClient): Promise<SalesforceUser[]> {
  const users: SalesforceUser[] = [];
  // Standard (licensed) users only: integration, guest and portal users never own leads.
  const soql =
    "SELECT Id, Name, Email, IsActive, ManagerId FROM User WHERE UserType = 'Standard' ORDER BY Id";
  for await (const page of queryPages(client, soql, { all: false })) {
    for (const r of page.records) {
      const u = SfUser.parse(r);
      users.push({
        id: u.Id,
        name: u.Name ?? u.Id,
        email: u.Email ?? null,
        active: u.IsActive === true,
        managerId: u.ManagerId ?? null,
      });
    }
  }
  return users;
}
