/** Which adapter backs the store, from the environment: EVENTSTORE_URL selects EventStoreDB, else PostgreSQL. */
export type EventStoreConfig =
  | { readonly adapter: 'postgresql'; readonly databaseUrl: string }
  | { readonly adapter: 'eventstoredb'; readonly connectionString: string };
