/**
 * The further scoring models (`scoring.models`), compiled once per config like the primary. Remembered by
 * the config's `models` object, so every planning path (a run's chunks, `--dry-run`, `explain`, the admin
 * preview) scores them without each caller compiling and threading them through.
 */
import { compileModel, type CompileOptions, type CompiledModel } from './compile-model.ts';
import { secondaryModels, type SecondaryModels } from './models-schema.ts';

export interface CompiledNamedModel {
  readonly name: string;
  readonly model: CompiledModel;
}

const compiled = new WeakMap<SecondaryModels, { length: number; models: readonly CompiledNamedModel[] }>();

export function compileSecondaryModels(
  scoring: { readonly models?: SecondaryModels },
  options: CompileOptions = {},
): readonly CompiledNamedModel[] {
  const source = scoring.models;
  if (source === undefined) return [];
  const length = options.explanationLength ?? 255;
  const hit = compiled.get(source);
  if (hit?.length === length) return hit.models;
  const models = secondaryModels(scoring).map(({ name, config }) => ({
    name,
    model: compileModel(config, options),
  }));
  compiled.set(source, { length, models });
  return models;
}
