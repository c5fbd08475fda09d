/**
 * Compile-time names for primitive values: a `CardId` is a string at run time but
 * cannot be passed where a `LeadId` is expected.
 *
 * @category model
 */
declare const brand: unique symbol;
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };
