import { token } from '../shared/token.js';

/** Produces unique ids (`prefix_…`); tests inject a deterministic sequence. @category ports */
export interface IdGenerator {
  next(prefix: string): string;
}
export const IdGenerator = token<IdGenerator>('IdGenerator');
