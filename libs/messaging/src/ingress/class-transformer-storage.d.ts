/** class-transformer's metadata (which fields it exposes, excludes, types or transforms); typed in its types/ folder. */
declare module 'class-transformer/cjs/storage.js' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
  export const defaultMetadataStorage: MetadataStorage;
}
