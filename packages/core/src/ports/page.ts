/** A page of a listing; pass `after` back to continue. @category ports */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}
