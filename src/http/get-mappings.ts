/** `GET /api/mappings`: the config file's `fieldMappings` as written (what the admin page edits). */
import type { RequestHandler } from 'express';
import type { AppDeps } from './app-deps.ts';
import { readConfigDocument } from './config-file.ts';

export function getMappings(deps: AppDeps): RequestHandler {
  return async (_req, res) => {
    const { raw } = await readConfigDocument(deps.configPath);
    res.json({ fieldMappings: Array.isArray(raw['fieldMappings']) ? raw['fieldMappings'] : [] });
  };
}
