/**
 * A typed injection token: a symbol that remembers the interface it stands for.
 * Ports export an interface and a token of the same name, so a composition root
 * (tsyringe in app-http) can bind `StateStore` without core knowing any container.
 *
 * @category ports
 */
export type Token<T> = symbol & { readonly __port?: T };

/** Creates the token for a port; `Symbol.for` keeps one identity across module copies. */
export const token = <T>(name: string): Token<T> => Symbol.for(`@caio/core/${name}`) as Token<T>;
