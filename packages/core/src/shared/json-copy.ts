/**
 * A deep copy of plain JSON data with exactly the result of `JSON.parse(JSON.stringify(v))`
 * (undefined, function and symbol properties dropped, the same in arrays become null,
 * non-finite numbers become null, objects with `toJSON` such as dates go through JSON),
 * about five times faster: the in-process stores copy every record they hand out.
 *
 * @category model
 */
export const jsonCopy = <T>(value: T): T => (value === undefined ? value : (copy(value) as T));

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

const copy = (value: unknown): unknown => {
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null; // + 0: -0 becomes 0, as in JSON
  if (typeof value === 'bigint') return viaJson(value); // throws, as JSON does
  if (value === null || typeof value !== 'object') return value;
  // Anything but a plain object or array (dates, boxed values, maps, class instances) and
  // anything with its own toJSON: JSON itself decides, so the result stays identical.
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null && !Array.isArray(value)) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return viaJson(value);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = dropped(value[i]) ? null : copy(value[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (dropped(field)) continue;
    // A data key named __proto__ must stay a key (assignment would set the prototype).
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy(field), enumerable: true, writable: true, configurable: true });
    else out[key] = copy(field);
  }
  return out;
};

const dropped = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';
