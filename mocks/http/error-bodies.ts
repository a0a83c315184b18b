/**
 * Error bodies exactly as udata (flask-restx) writes them. Clients should
 * branch on the status, never on these texts, but the texts are real.
 */

/** Werkzeug's NotFound description, the whole body of most 404s. */
export const NOT_FOUND_MESSAGE =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

/**
 * flask-restx appends a "did you mean" hint when the path is close to other
 * routes (difflib). The mock does not run difflib: it reuses the rule lists of
 * the real recordings, for the routes where production was seen adding one.
 */
export const DATASET_SLUG_HINT_RULES = [
  '/api/1/datasets/<dataset:dataset>/resources/',
  '/api/1/datasets/resource_types/',
  '/api/1/datasets/badges/',
] as const;

export const DATASERVICE_HINT_RULES = [
  '/api/1/dataservices/<dataservice:dataservice>/datasets/<dataset:dataset>/',
  '/api/1/dataservices/<dataservice:dataservice>/rdf.<_format>',
  '/api/1/dataservices/<dataservice:dataservice>/rdf',
] as const;

export interface MessageBody {
  readonly message: string;
  readonly errors?: Readonly<Record<string, string>>;
}

/** 404 body; with `hint`, the flask-restx suffix naming the requested path and close rules. */
export function notFoundBody(hint?: { readonly path: string; readonly rules: readonly string[] }): MessageBody {
  if (hint === undefined) return { message: NOT_FOUND_MESSAGE };
  return { message: `${NOT_FOUND_MESSAGE} You have requested this URI [${hint.path}] but did you mean ${hint.rules.join(' or ')} ?` };
}

/** 410 for an object whose `deleted` (`deleted_at` for dataservices) is set. */
export function goneBody(kind: 'Dataset' | 'Organization' | 'Dataservice'): MessageBody {
  return { message: `${kind} has been deleted` };
}

/** 400 from a reqparse argument: `<help> <reason>` (just the reason when the argument has no help) under its name. */
export function validationErrorBody(argument: string, help: string | null, reason: string): MessageBody {
  return { message: 'Input payload validation failed', errors: { [argument]: help === null ? reason : `${help} ${reason}` } };
}

/** 400 for an id filter that is not an ObjectId (`organization=etalab`). */
export function identifierErrorBody(argument: 'Organization' | 'Owner' | 'Dataservice' | 'Dataset' | 'Reuse' | 'Topic'): MessageBody {
  return { message: `${argument} arg must be an identifier` };
}

/** Werkzeug's Unauthorized description (archived/deleted/private filters for an anonymous caller). */
export const UNAUTHORIZED_MESSAGE =
  "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.";
