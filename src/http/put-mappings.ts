/**
 * `PUT /api/mappings`: replace `fieldMappings` in the config file. The whole config is validated with the
 * loader's zod schema and the mappings are type-checked against both CRMs' `describe()`; on any error the
 * answer lists each problem with its path and the file is left untouched. Comments survive the write.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { checkMappings } from '../mapping/type-check.ts';
import type { AppDeps } from './app-deps.ts';
import { candidateConfig, readConfigDocument, setFieldMappings, writeConfigDocument } from './config-file.ts';
import { describeForMappings } from './describe-mappings.ts';
import { parseBody } from './http-error.ts';

export const MappingsBody = z.strictObject({ fieldMappings: z.array(z.unknown()).max(500) });

export function putMappings(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const body = parseBody(MappingsBody, req.body);
    const candidate = candidateConfig(deps.runtime.config, body.fieldMappings);
    if (!candidate.ok) {
      res.status(400).json({
        error: 'CONFIG_INVALID',
        message: 'nothing saved: the mappings are invalid',
        errors: candidate.errors,
      });
      return;
    }
    const problems = checkMappings(
      candidate.config.fieldMappings,
      await describeForMappings(deps.runtime.connectors),
    );
    const errors = problems.filter((p) => p.level === 'error');
    if (errors.length > 0) {
      res.status(400).json({
        error: 'MAPPING_INVALID',
        message: 'nothing saved: some mappings cannot work',
        errors: problems,
      });
      return;
    }
    const current = await readConfigDocument(deps.configPath);
    setFieldMappings(current.doc, body.fieldMappings);
    await writeConfigDocument(deps.configPath, current.doc);
    deps.logger.info(
      { mappings: body.fieldMappings.length, file: deps.configPath },
      'field mappings saved from the admin API',
    );
    res.json({
      saved: true,
      fieldMappings: body.fieldMappings,
      warnings: problems,
      note: 'saved to the config file; running workers pick it up when restarted',
    });
  };
}
