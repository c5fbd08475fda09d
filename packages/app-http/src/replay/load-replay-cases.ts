import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from 'neverthrow';
import type { z } from 'zod';
import { replayCaseSchema, type ReplayCase } from './replay-case.js';

/** A case together with the file it came from, for messages. */
export interface LoadedCase {
  readonly file: string;
  readonly replayCase: ReplayCase;
}

/** Why the corpus could not be loaded; `message` names the file and, for schema errors, the field. */
export interface CorpusError {
  readonly _tag: 'CorpusError';
  readonly message: string;
}

const corpusError = (message: string): CorpusError => ({ _tag: 'CorpusError', message });

const describeIssues = (file: string, error: z.ZodError): string =>
  error.issues.map((i) => `${file}: ${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n');

/** Parses one case file's text; the error names the file and every failing field. */
export const parseReplayCase = (file: string, text: string): Result<ReplayCase, CorpusError> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return err(corpusError(`${file}: not valid JSON: ${(error as Error).message}`));
  }
  const parsed = replayCaseSchema.safeParse(json);
  return parsed.success ? ok(parsed.data) : err(corpusError(describeIssues(file, parsed.error)));
};

/**
 * Reads every `*.json` file of a directory (in name order) as a replay case. Any bad file
 * fails the whole load: a gate that silently skipped a case would pass for the wrong reason.
 * Case names must be unique across the corpus, so a failure points at one case.
 */
export const loadReplayCases = async (dir: string): Promise<Result<readonly LoadedCase[], CorpusError>> => {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    return err(corpusError(`cannot read the case directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`));
  }
  const loaded: LoadedCase[] = [];
  const fileOfName = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const parsed = parseReplayCase(file, await readFile(file, 'utf8'));
    if (parsed.isErr()) return err(parsed.error);
    const earlier = fileOfName.get(parsed.value.name);
    if (earlier !== undefined) return err(corpusError(`${file}: name: "${parsed.value.name}" is already the name of ${earlier}`));
    fileOfName.set(parsed.value.name, file);
    loaded.push({ file, replayCase: parsed.value });
  }
  return ok(loaded);
};
