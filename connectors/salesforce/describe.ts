/**
 * `GET /sobjects/{Lead|Contact}/describe` → `FieldDescriptor[]`, cached per connector instance (describe is
 * one API call; pulls need it for the default field list and for typing Bulk CSV values).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
import type { FieldDescriptor } from '../../src/domain/field.ts';
import type { SalesforceClient } from './connection.ts';
import { toFieldDescriptor } from './map.ts';
import { SfDescribeResult } from './schemas.ts';
import { soqlIdentifier } from './soql.ts';
import { parseAnswer } from './parse-answer.ts';

export class DescribeCache {
  private readonly client: SalesforceClient;
  private readonly cache = new Map<string, Promise<FieldDescriptor[]>>();

  constructor(client: SalesforceClient) {
    this.client = client;
  }

  fields(objectApiName: string): Promise<FieldDescriptor[]> {
    let hit = this.cache.get(objectApiName);
    if (!hit) {
      hit = this.load(objectApiName);
      hit.catch(() => this.cache.delete(objectApiName));
      this.cache.set(objectApiName, hit);
    }
    return hit;
  }

  /** Drops the cache (after label changes or field creation). */
  invalidate(objectApiName?: string): void {
    if (objectApiName) this.cache.delete(objectApiName);
    else this.cache.clear();
  }

  private async load(objectApiName: string): Promise<FieldDescriptor[]> {
    const raw = await this.client.request({
      method: 'GET',
      path: `/sobjects/${soqlIdentifier(objectApiName)}/describe`,
    });
    const described = parseAnswer(SfDescribeResult, raw, `GET /sobjects/${objectApiName}/describe`);
    return described.fields
      .map((f) => toFieldDescriptor(described.name, f))
      .filter((f): f is FieldDescriptor => f !== null);
  }
}
