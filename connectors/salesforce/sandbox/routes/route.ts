/**
 * A data-API route: method, a pattern over the path after `/services/data/vXX.X`, the statistics key
 * it is counted under, and the handler. `compositeKind` marks the operations `/composite` limits.
 */
import type { SfResponse } from '../http/api-error.ts';
import type { SandboxContext, SfRequest } from '../http/context.ts';

export interface Route {
  method: string;
  pattern: RegExp;
  endpoint: string;
  handler: (ctx: SandboxContext, req: SfRequest) => SfResponse | Promise<SfResponse>;
  compositeKind?: 'query' | 'collection';
}

export const json = (body: unknown, status = 200, headers?: Record<string, string>): SfResponse => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});
