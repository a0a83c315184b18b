/**
 * Wire formats of code.gouv.fr, snake_case as sent. See
 * `FORMATS.md` beside this file for where each shape was read.
 *
 * - The inventory, `codegouvfr-repositories.json`: one JSON array, one object
 *   per repository, written by codegouvfr-output-data from code.gouv.fr's
 *   ecosyste.ms instance. That writer replaces every missing value with `""`,
 *   so an empty string means "unknown", never a value.
 * - One repository, or an account's repositories, from that ecosyste.ms
 *   instance (`data.code.gouv.fr/api/v1`): ecosyste.ms's `Repository` record.
 *
 * Everything is `unknown` until a guard below narrows it. Guards check the
 * essentials only (a `full_name`); every other field is read through the
 * tolerant readers of `../datagouv/wire-readers.ts`.
 */
import { isRecord } from '../datagouv/payload.js';

/** One row of the inventory. */
export interface CodegouvInventoryRecordPayload {
  /** `owner/name` as the forge spells it; GitLab groups may nest (`group/sub/name`). */
  readonly full_name: string;
  /** The last segment of `full_name`. */
  readonly repo_name?: string;
  /** The account's page (`https://github.com/france-connect`); older rows carried the login alone. */
  readonly owner?: string;
  /** The forge's host name (`github.com`, `gitlab.com`, `gitlab.adullact.net`). */
  readonly platform?: string;
  readonly description?: string;
  readonly archived?: boolean;
  readonly fork?: boolean;
  readonly template?: boolean;
  readonly license?: string;
  readonly language?: string;
  readonly forks_count?: number;
  /** code.gouv.fr's own score of how reusable the repository looks. */
  readonly 'awesome-score'?: number;
  readonly contributing?: boolean;
  readonly publiccode?: boolean;
  /** Last change seen by ecosyste.ms, ISO-8601. Not a creation date: the inventory has none. */
  readonly updated_at?: string;
  /** The repository's page URL (its `html_url`), despite the name. */
  readonly id?: string;
}

/** ecosyste.ms's host object, nested in a repository record. */
export interface EcosystemHostPayload {
  /** `GitHub`, `gitlab.com`, ...: the name the API's paths use. */
  readonly name?: string;
  readonly url?: string;
  readonly kind?: string;
}

/** ecosyste.ms's `Repository` (openapi `components.schemas.Repository`), the fields read here. */
export interface EcosystemRepositoryPayload {
  readonly id?: number;
  readonly uuid?: string;
  readonly full_name: string;
  /** The account's login. */
  readonly owner?: string | null;
  readonly description?: string | null;
  readonly archived?: boolean | null;
  readonly fork?: boolean | null;
  /** When the repository was created on its forge, ISO-8601. */
  readonly created_at?: string | null;
  readonly updated_at?: string | null;
  /** Last push to any branch, ISO-8601. */
  readonly pushed_at?: string | null;
  readonly html_url?: string | null;
  /** SPDX-like id (`mit`, `agpl-3.0`) or null. */
  readonly license?: string | null;
  readonly language?: string | null;
  readonly default_branch?: string | null;
  readonly topics?: readonly string[] | null;
  readonly source_name?: string | null;
  readonly host?: EcosystemHostPayload | null;
  readonly repository_url?: string | null;
  readonly owner_url?: string | null;
}

/** What ecosyste.ms answers with its 404s: `{"error": "Repository not found"}`, `{"error": "not found"}`. */
export interface EcosystemErrorPayload {
  readonly error: string;
}

function hasFullName(value: unknown): value is Readonly<Record<string, unknown>> & { readonly full_name: string } {
  return isRecord(value) && typeof value['full_name'] === 'string' && value['full_name'].trim() !== '';
}

/** An inventory row worth reading: anything without a `full_name` cannot be named, asked for or linked. */
export function isInventoryRecordPayload(value: unknown): value is CodegouvInventoryRecordPayload {
  return hasFullName(value);
}

/** The inventory as a whole: an array. Rows are judged one by one (a bad row is skipped, not fatal). */
export function isInventoryPayload(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

export function isEcosystemRepositoryPayload(value: unknown): value is EcosystemRepositoryPayload {
  return hasFullName(value);
}

/** A page of an account's repositories; one bad item makes the page a bad payload, as for data.gouv.fr lists. */
export function isEcosystemRepositoryListPayload(value: unknown): value is readonly EcosystemRepositoryPayload[] {
  return Array.isArray(value) && value.every((item) => isEcosystemRepositoryPayload(item));
}

/**
 * Whether a 404 body is ecosyste.ms's own JSON error. A 404 that is not one
 * (an HTML page from a wrong base URL or a proxy) says nothing of the
 * repository and must not be read as "it does not exist".
 */
export function isEcosystemErrorBody(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  return isRecord(parsed) && typeof parsed['error'] === 'string';
}
