/** snake_case wire records as camelCase objects, the convention of Pulumi program values. */

/** `snake_case` → `snakeCase`, as a type. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** The type of a record whose keys (at every depth) are camelCased. */
export type CamelCased<T> = T extends readonly (infer U)[]
  ? CamelCased<U>[]
  : T extends object
    ? { [K in keyof T as K extends string ? CamelCase<K> : K]: CamelCased<T[K]> }
    : T;

export function camelCaseKeys<T>(value: T): CamelCased<T> {
  if (Array.isArray(value)) return value.map((v) => camelCaseKeys(v)) as CamelCased<T>;
  if (value === null || typeof value !== "object") return value as CamelCased<T>;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()),
      camelCaseKeys(v),
    ]),
  ) as CamelCased<T>;
}
