export {
  createMedlabelClient,
  unwrap,
  CSRF_HEADER,
  maybeSignedIn,
  type ClientOptions,
  type MedlabelClient,
} from './client.js';
export { ApiError, NetworkError, type Problem } from './errors.js';
export type { paths, components, operations } from './schema.js';
import type { components } from './schema.js';

/** The named schemas of the API (User, Template, ...). */
export type Schemas = components['schemas'];
